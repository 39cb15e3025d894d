def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
assert new File(basedir, 'target/generated-sources/wasm2jar/com/example/Hello.java').text.contains('public Hello(dev.wasm2jar.wasi.Wasi wasi)')

// The runnable jar: java -jar runs _start with the given arguments.
def jar = new File(basedir, 'target/wasi-1.0-wasm.jar')
assert jar.isFile()
// Add-Exports only when the build runs on Java 24+ (internalUnsafe not set): it costs Java 17 to 23 start-up.
def exports = new java.util.jar.JarFile(jar).withCloseable { it.manifest.mainAttributes.getValue('Add-Exports') }
assert exports == (Runtime.version().feature() >= 24 ? 'java.base/jdk.internal.misc' : null)
def java = new File(System.getProperty('java.home'), 'bin/java').path
def p = [java, '-jar', jar.path, 'x'].execute()
def out = p.inputStream.text
p.waitFor()
assert out == 'hello from wasi\n'
assert p.exitValue() == 2
return true
