// The classes went into target/classes, the facade into generated sources, and the second build skipped the work.
def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/classes/com/example/Calc$Module.class').isFile()
assert new File(basedir, 'target/classes/com/example/Calc.class').isFile()
def facade = new File(basedir, 'target/generated-sources/wasm2jar/com/example/Calc.java')
assert facade.isFile()
def source = facade.text
assert source.contains('public int add(int a, int b)')
assert source.contains('public long fib(long n)')
// Direct calls of the generated code: no reflection, no method handles.
assert !source.contains('invokeExact') && !source.contains('java.lang.reflect')
assert log.contains('Compiling calc.wasm')
assert log.contains('calc.wasm is up to date')
assert log.contains('Tests run: 4, Failures: 0, Errors: 0')
// The jar is an ordinary library: the module classes and their data are inside.
def jar = new java.util.jar.JarFile(new File(basedir, 'target/calc-1.0.jar'))
assert jar.getEntry('com/example/Calc$Module.class') != null
assert jar.getEntry('com/example/Calc$Module.data') != null
jar.close()
return true
