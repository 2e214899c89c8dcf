# genlab_embed(<out_var> <symbol> <files...>)
# Embeds files into the binary at build time: generates one .cpp defining
#   const genlab::EmbeddedFile <symbol>[] = {{"name", data, size}, ...}; and <symbol>_count,
# regenerated whenever a file changes. See src/core/embedded.h.
function(genlab_embed out_var symbol)
  set(out "${CMAKE_BINARY_DIR}/generated/${symbol}.cpp")
  string(REPLACE ";" "|" files "${ARGN}")  # one command-line argument; embed_run.cmake splits it
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} "-DFILES=${files}"
            -P ${CMAKE_SOURCE_DIR}/scripts/cmake/embed_run.cmake
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/scripts/cmake/embed_run.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
