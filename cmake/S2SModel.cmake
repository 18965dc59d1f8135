# s2s_add_model(<name> <spec.yaml> [TARGET <halide-target>] [S2SC <path>] [DEPENDS ...])
#
# Compiles a model spec with s2sc at build time and defines the library
# target <name> (the spec's `name:`): link it and include "<name>.h".
#
#   include(S2SModel)
#   s2s_add_model(basic model.yaml TARGET x86-64-linux-avx2-fma-f16c-sse41)
#   target_link_libraries(app PRIVATE basic)
find_package(Threads REQUIRED)

function(s2s_add_model name spec)
  cmake_parse_arguments(ARG "" "TARGET;S2SC" "DEPENDS" ${ARGN})
  if(NOT ARG_TARGET)
    set(ARG_TARGET host)
  endif()
  if(NOT ARG_S2SC)
    find_program(ARG_S2SC s2sc REQUIRED)
  endif()
  get_filename_component(spec "${spec}" ABSOLUTE)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${name}.s2s")
  add_custom_command(
    OUTPUT "${dir}/lib${name}.a" "${dir}/${name}.h"
    COMMAND "${ARG_S2SC}" "${spec}" -o "${dir}" "--target=${ARG_TARGET}"
    DEPENDS "${spec}" ${ARG_DEPENDS}
    COMMENT "s2sc: compiling ${name} for ${ARG_TARGET}"
    VERBATIM)
  add_custom_target(${name}_s2sc DEPENDS "${dir}/lib${name}.a" "${dir}/${name}.h")
  file(MAKE_DIRECTORY "${dir}")
  add_library(${name} STATIC IMPORTED GLOBAL)
  set_target_properties(${name} PROPERTIES
    IMPORTED_LOCATION "${dir}/lib${name}.a"
    INTERFACE_INCLUDE_DIRECTORIES "${dir}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS};m")
  add_dependencies(${name} ${name}_s2sc)
endfunction()
