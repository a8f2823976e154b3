# Instrumented builds. Included before any target is defined so that the flags
# reach the library, the tools and the tests alike.
option(HUSK_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(HUSK_FUZZ "Build the libFuzzer target husk-fuzz (clang only, implies HUSK_SANITIZE)" OFF)

if(HUSK_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "HUSK_FUZZ needs clang: configure with -DCMAKE_C_COMPILER=clang-14")
  endif()
  set(HUSK_SANITIZE ON)
  # Coverage instrumentation everywhere; only husk-fuzz links libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(HUSK_SANITIZE)
  # no-recover: a sanitizer report must fail the test, not scroll past.
  set(HUSK_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all)
  add_compile_options(${HUSK_SANITIZE_FLAGS} -fno-omit-frame-pointer)
  add_link_options(${HUSK_SANITIZE_FLAGS})
endif()
