// bad.wasm has a type section whose first type has the form byte 0x61 (not 0x60) at offset 0xb.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /wasm2jar: \S*bad\.wasm:0xb: malformed module: malformed type/
assert !new File(basedir, 'target/classes/com/example/Bad$Module.class').exists()
return true
