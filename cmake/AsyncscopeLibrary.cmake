# asyncscope_add_library(<target>
#     PUBLIC_HEADERS <headers other libraries may include...>
#     SOURCES <.cpp files and private headers...>
#     LINK <libraries whose headers this one's public headers use...>
#     [PRIVATE_LINK <libraries only the sources use...>])
#
# One library per folder, with an explicit source list. Only PUBLIC_HEADERS
# are visible to the libraries that link it: each gets a forwarding header in
# <build>/include/<target>/ (as Qt's syncqt does), and only that folder is a
# PUBLIC include directory. The source folder itself is PRIVATE, so a private
# header (`*_p.h`, `detail`) included from another library fails to build.
function(asyncscope_add_library target)
  cmake_parse_arguments(ARG "" "" "PUBLIC_HEADERS;SOURCES;LINK;PRIVATE_LINK" ${ARGN})
  add_library(${target} STATIC ${ARG_SOURCES} ${ARG_PUBLIC_HEADERS})
  set(forward_dir ${CMAKE_BINARY_DIR}/include/${target})
  foreach(header IN LISTS ARG_PUBLIC_HEADERS)
    get_filename_component(name ${header} NAME)
    get_filename_component(path ${header} ABSOLUTE)
    file(CONFIGURE OUTPUT ${forward_dir}/${name}
         CONTENT "// The public header of ${target} (cmake/AsyncscopeLibrary.cmake).\n#include \"${path}\"\n")
  endforeach()
  target_include_directories(${target} PUBLIC ${forward_dir} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC ${ARG_LINK} PRIVATE ${ARG_PRIVATE_LINK})
endfunction()
