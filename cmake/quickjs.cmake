# quickjs.cmake - the JavaScript runtime (src/js) and the QuickJS engine under it.
#
# Debian has no QuickJS package, so the engine comes from the npm registry:
# the package qjsc@0.3.0 ships Bellard's QuickJS 2021-03-27 sources under
# deps/quickjs_2021_03_27/. At configure time the tarball is fetched once
# with `npm pack` (which downloads, never installs, so no package script
# runs), its sha512 is checked against the integrity below *before* it is
# unpacked, and only the engine files are compiled into the static library
# `quickjs`, linked into libhusk. Nothing of it is committed.
#
# Offline: once fetched, the tarball stays in the build tree
# (_deps/quickjs/); -DHUSK_QUICKJS_TARBALL=/path/qjsc-0.3.0.tgz uses a copy
# from elsewhere (it is verified all the same).
#
# Included by the top-level CMakeLists.txt after the husk targets
# (husk_objects, husk, husk_shared) exist.

set(HUSK_QUICKJS_PACKAGE qjsc@0.3.0)
set(HUSK_QUICKJS_INTEGRITY
  "sha512-a7+cU6/IVcZbIejffdt/wZVMX6LL2MDL3HQ9Zb5Gm23G9DvBMS/z9GHFxz39bAvp2PvMOM+ypSOAyokt2DdZ2w==")
set(HUSK_QUICKJS_TARBALL "" CACHE FILEPATH
  "A local copy of the qjsc-0.3.0.tgz npm tarball (default: fetch with npm)")

set(_qjs_root ${CMAKE_BINARY_DIR}/_deps/quickjs)
set(_qjs_src ${_qjs_root}/package/deps/quickjs_2021_03_27)

# npm's integrity strings are base64; CMake hashes in hex. Encoding the
# computed hash (rather than decoding the expected one) keeps the comparison
# on the exact string npm publishes.
function(_husk_hex_to_base64 hex out)
  set(alphabet "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  string(LENGTH "${hex}" len)
  set(result "")
  set(i 0)
  while(i LESS len)
    string(SUBSTRING "${hex}" ${i} 6 group)   # up to 3 bytes
    string(LENGTH "${group}" glen)
    set(padded "${group}")
    while(glen LESS 6)
      string(APPEND padded "0")
      math(EXPR glen "${glen} + 1")
    endwhile()
    math(EXPR value "0x${padded}")
    string(LENGTH "${group}" glen)
    math(EXPR chars "${glen} / 2 + 1")       # 1 byte -> 2 chars, 2 -> 3, 3 -> 4
    foreach(shift 18 12 6 0)
      if(chars GREATER 0)
        math(EXPR index "(${value} >> ${shift}) & 63")
        string(SUBSTRING "${alphabet}" ${index} 1 c)
        string(APPEND result "${c}")
        math(EXPR chars "${chars} - 1")
      else()
        string(APPEND result "=")
      endif()
    endforeach()
    math(EXPR i "${i} + 6")
  endwhile()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

function(_husk_fetch_quickjs)
  if(EXISTS ${_qjs_src}/quickjs.c)
    return()
  endif()
  file(MAKE_DIRECTORY ${_qjs_root})
  set(tgz ${_qjs_root}/qjsc-0.3.0.tgz)
  if(HUSK_QUICKJS_TARBALL)
    file(COPY_FILE ${HUSK_QUICKJS_TARBALL} ${tgz})
  elseif(NOT EXISTS ${tgz})
    find_program(NPM npm)
    if(NOT NPM)
      message(FATAL_ERROR
        "QuickJS: npm not found. The JavaScript runtime needs the QuickJS sources from "
        "the npm package ${HUSK_QUICKJS_PACKAGE}: install npm (make deps), or pass "
        "-DHUSK_QUICKJS_TARBALL=/path/to/qjsc-0.3.0.tgz")
    endif()
    message(STATUS "QuickJS: fetching ${HUSK_QUICKJS_PACKAGE} with npm pack")
    execute_process(
      COMMAND ${NPM} pack ${HUSK_QUICKJS_PACKAGE} --ignore-scripts --prefer-offline
              --pack-destination ${_qjs_root}
      WORKING_DIRECTORY ${_qjs_root}
      RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE npm_err)
    if(NOT status EQUAL 0 OR NOT EXISTS ${tgz})
      message(FATAL_ERROR "QuickJS: `npm pack ${HUSK_QUICKJS_PACKAGE}` failed:\n${npm_err}")
    endif()
  endif()

  file(SHA512 ${tgz} hex)
  _husk_hex_to_base64(${hex} b64)
  if(NOT "sha512-${b64}" STREQUAL HUSK_QUICKJS_INTEGRITY)
    file(REMOVE ${tgz})
    message(FATAL_ERROR
      "QuickJS: integrity mismatch for ${HUSK_QUICKJS_PACKAGE}\n"
      "  expected ${HUSK_QUICKJS_INTEGRITY}\n  got      sha512-${b64}\n"
      "The tarball was deleted; nothing was unpacked.")
  endif()
  file(ARCHIVE_EXTRACT INPUT ${tgz} DESTINATION ${_qjs_root}
       PATTERNS package/deps/quickjs_2021_03_27/*)
  if(NOT EXISTS ${_qjs_src}/quickjs.c)
    message(FATAL_ERROR "QuickJS: ${tgz} holds no deps/quickjs_2021_03_27/quickjs.c")
  endif()
endfunction()
_husk_fetch_quickjs()

# Fixes to the engine, applied to copies in the build tree (the verified
# sources stay as published). Each is a textual replacement that fails the
# configure if the code it expects is not there.
#
# _husk_patch(FILE FROM TO): patched/FILE is FILE with FROM replaced by TO.
# (One pair per file: FROM and TO hold semicolons, which a CMake list of
# pairs would split.)
function(_husk_patch file from to)
  set(out ${_qjs_root}/patched/${file})
  if(EXISTS ${out} AND NOT ${_qjs_src}/${file} IS_NEWER_THAN ${out}
     AND NOT ${CMAKE_CURRENT_FUNCTION_LIST_FILE} IS_NEWER_THAN ${out})
    return()
  endif()
  file(READ ${_qjs_src}/${file} text)
  string(FIND "${text}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "QuickJS: cannot apply husk's fix to ${file}: its code changed")
  endif()
  string(REPLACE "${from}" "${to}" text "${text}")
  file(WRITE ${out} "${text}")
endfunction()

# quickjs.c: build_backtrace() adds "stack" to the error being thrown, often
# referenced only as the pending exception; if an allocation fails on the
# way, JS_ThrowOutOfMemory replaces (and frees) that exception and the
# function then writes into the freed object. It crashed husk's
# memory-limit tests about one run in ten. The fix holds a reference for
# the duration of the call.
_husk_patch(quickjs.c
  "static void build_backtrace(JSContext *ctx, JSValueConst error_obj,
                            const char *filename, int line_num,
                            int backtrace_flags)
{"
  "static void build_backtrace_unsafe(JSContext *ctx, JSValueConst error_obj,
                                   const char *filename, int line_num,
                                   int backtrace_flags);
/* husk: keep error_obj alive while an out-of-memory error may replace it. */
static void build_backtrace(JSContext *ctx, JSValueConst error_obj,
                            const char *filename, int line_num,
                            int backtrace_flags)
{
    JSValue obj = JS_DupValue(ctx, error_obj);
    build_backtrace_unsafe(ctx, obj, filename, line_num, backtrace_flags);
    JS_FreeValue(ctx, obj);
}
static void build_backtrace_unsafe(JSContext *ctx, JSValueConst error_obj,
                                   const char *filename, int line_num,
                                   int backtrace_flags)
{")

# libregexp.c: with the u flag, "\\-" inside a character class is a valid
# escape (ClassEscape in ES2015+), common in npm packages (/[\\w\\-]/u, as
# in fast-uri, which ajv uses); this release rejects it as an "invalid
# escape sequence".
_husk_patch(libregexp.c
  "if (ret == -2 && *p != '\\0' && strchr(\"^$\\\\.*+?()[]{}|/\", *p)) {"
  "if (ret == -2 && *p != '\\0' && (strchr(\"^$\\\\.*+?()[]{}|/\", *p) ||
                                  (inclass && *p == '-'))) {")

# The engine only: no qjs/qjsc front ends and no quickjs-libc (husk brings
# its own std modules). libbf is needed because this release implements
# BigInt (Wasm i64 values) on top of it, under CONFIG_BIGNUM.
add_library(quickjs STATIC
  ${_qjs_root}/patched/quickjs.c ${_qjs_root}/patched/libregexp.c ${_qjs_src}/libunicode.c
  ${_qjs_src}/cutils.c ${_qjs_src}/libbf.c)
file(READ ${_qjs_src}/VERSION _qjs_version)
string(STRIP "${_qjs_version}" _qjs_version)
target_compile_definitions(quickjs PRIVATE _GNU_SOURCE CONFIG_VERSION="${_qjs_version}"
                           PUBLIC CONFIG_BIGNUM)
# QuickJS's own flags, not husk's -Werror (it has warnings), nor the
# sanitizers: it is not our code to instrument, and it is always optimised,
# since the sanitized test build would otherwise run every script at -O1.
set_target_properties(quickjs PROPERTIES
  COMPILE_OPTIONS "-O2;-Wall;-Wno-array-bounds;-Wno-format-truncation;-Wno-stringop-overflow;-Wno-use-after-free;-Wno-enum-conversion;-Wno-unused-variable;-Wno-unused-but-set-variable"
  POSITION_INDEPENDENT_CODE ON
  C_EXTENSIONS ON)
# SYSTEM: quickjs.h's inline functions must not trip husk's -Wextra.
target_include_directories(quickjs SYSTEM PUBLIC ${_qjs_src})
target_link_libraries(quickjs PUBLIC m)

# husk-js-embed compiles the JavaScript half of the built-in modules
# (src/js/lib/*.js) to QuickJS bytecode at build time, so a run loads them
# without parsing. It runs on the build machine, which is the target.
file(GLOB HUSK_JS_LIB CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/js/lib/*.js)
list(SORT HUSK_JS_LIB)
add_executable(husk-js-embed ${PROJECT_SOURCE_DIR}/src/js/tools/embed.c)
target_link_libraries(husk-js-embed PRIVATE quickjs)
set(_husk_js_embedded ${CMAKE_BINARY_DIR}/js/embedded.c)
add_custom_command(OUTPUT ${_husk_js_embedded}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/js
  COMMAND husk-js-embed ${_husk_js_embedded} ${HUSK_JS_LIB}
  DEPENDS husk-js-embed ${HUSK_JS_LIB} VERBATIM)

# The top-level glob of src/ leaves src/js to this file: its sources need
# QuickJS. (src/js/tools/ holds build-time tools, not library code.)
file(GLOB HUSK_JS_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/js/*.c)
target_sources(husk_objects PRIVATE ${HUSK_JS_SOURCES} ${_husk_js_embedded})
target_link_libraries(husk_objects PRIVATE quickjs)
# libhusk.so contains QuickJS; users of libhusk.a link it too.
target_link_libraries(husk PUBLIC quickjs)
target_link_libraries(husk_shared PRIVATE quickjs)
