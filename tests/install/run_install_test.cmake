# cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... [-DPROGRAM=consumer] [-DGENERATOR=...]
#       [-DCXX_COMPILER=...] [-DBUILD_TYPE=...] [-DSANITIZE=ON] -P run_install_test.cmake
#
# 1. cmake --install BUILD_DIR --prefix WORK_DIR/prefix
# 2. configure and build the consumer in SOURCE_DIR against that prefix
# 3. run it; it must print OK and exit 0
# Any failing step fails the test (FATAL_ERROR makes cmake -P exit non-zero).

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "run_install_test.cmake: pass -D${var}=...")
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(step name)
  message(STATUS "tst_install: ${name}")
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "tst_install: ${name} failed (${result}):\n${output}")
  endif()
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

step("install into ${prefix}"
  ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

if(NOT EXISTS ${prefix}/include/quire/quire.h)
  message(FATAL_ERROR "tst_install: include/quire/quire.h was not installed under ${prefix}")
endif()
file(GLOB_RECURSE package_config ${prefix}/QuireConfig.cmake)
if(NOT package_config)
  message(FATAL_ERROR "tst_install: no QuireConfig.cmake was installed under ${prefix}")
endif()

set(configure_args -S ${SOURCE_DIR} -B ${consumer_build} -DCMAKE_PREFIX_PATH=${prefix})
if(GENERATOR)
  list(APPEND configure_args -G ${GENERATOR})
endif()
if(CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
if(BUILD_TYPE)
  list(APPEND configure_args -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
endif()
if(SANITIZE)
  # An instrumented libquire_core needs the sanitizer runtime loaded first,
  # so the consumer is built with the same flags.
  list(APPEND configure_args
    "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer"
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined")
endif()
step("configure the consumer" ${CMAKE_COMMAND} ${configure_args})
step("build the consumer" ${CMAKE_COMMAND} --build ${consumer_build})

file(GLOB libdirs LIST_DIRECTORIES true ${prefix}/lib ${prefix}/lib64 ${prefix}/lib/*-linux-gnu)
string(REPLACE ";" ":" library_path "${libdirs}")
if(DEFINED ENV{LD_LIBRARY_PATH} AND NOT "$ENV{LD_LIBRARY_PATH}" STREQUAL "")
  string(APPEND library_path ":$ENV{LD_LIBRARY_PATH}")
endif()
if(NOT PROGRAM)
  set(PROGRAM consumer)
endif()
set(consumer ${consumer_build}/${PROGRAM})
step("run the consumer"
  ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${library_path} QT_QPA_PLATFORM=offscreen ${consumer})
message(STATUS "consumer said: ${step_output}")
if(NOT step_output MATCHES "(^|\n)OK\n?$")
  message(FATAL_ERROR "tst_install: the consumer did not print OK:\n${step_output}")
endif()

# The consumer must have used the installed library, not the build tree's.
step("check the consumer's libquire_core"
  ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${library_path} ldd ${consumer})
string(REGEX MATCH "libquire_core[^\n]*" linked "${step_output}")
string(FIND "${linked}" "${prefix}/" at)
if(at EQUAL -1)
  message(FATAL_ERROR "tst_install: the consumer loads libquire_core from outside ${prefix}: ${linked}")
endif()
message(STATUS "tst_install: passed")
