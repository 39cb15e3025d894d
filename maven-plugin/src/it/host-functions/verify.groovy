def log = new File(basedir, 'build.log').text
assert log.contains('Compiling greeter.wasm')
assert log.contains('Compiling plugin.wasm')
assert log.contains('Tests run: 3, Failures: 0, Errors: 0')
def greeter = new File(basedir, 'target/generated-sources/wasm2jar/com/example/Greeter.java').text
assert greeter.contains('public interface Env')
assert greeter.contains('public interface Math')
assert greeter.contains('public Greeter(Env env, Math math)')
return true
