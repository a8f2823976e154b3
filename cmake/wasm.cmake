# Rules that turn test and example sources into .wasm at build time, so the
# repository holds no binaries.
find_program(WAT2WASM wat2wasm)
find_program(WASI_CC NAMES clang-14 clang)

# husk_wasm_from_wat(OUT.wasm IN.wat): assemble with wabt's wat2wasm.
function(husk_wasm_from_wat out wat)
  if(NOT WAT2WASM)
    message(FATAL_ERROR "wat2wasm not found: install wabt (make deps)")
  endif()
  get_filename_component(dir ${out} DIRECTORY)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${WAT2WASM} ${wat} -o ${out}
    DEPENDS ${wat} VERBATIM)
endfunction()

# husk_wasm_from_c(OUT.wasm IN.c): compile a WASI command with wasi-libc.
function(husk_wasm_from_c out src)
  if(NOT WASI_CC)
    message(FATAL_ERROR "clang-14 not found: install clang-14, wasi-libc, libclang-rt-14-dev-wasm32 (make deps)")
  endif()
  get_filename_component(dir ${out} DIRECTORY)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${WASI_CC} --target=wasm32-wasi -O2 ${src} -o ${out}
    DEPENDS ${src} VERBATIM)
endfunction()
