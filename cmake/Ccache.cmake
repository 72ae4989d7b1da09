# Compiler launcher: ccache keeps rebuilds (and CI re-runs with a warm cache) fast.
if(STOCKCAST_USE_CCACHE)
  find_program(STOCKCAST_CCACHE ccache)
  if(STOCKCAST_CCACHE)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${STOCKCAST_CCACHE})
    # Precompiled headers and ccache cooperate only with these settings.
    set(ENV{CCACHE_SLOPPINESS} "pch_defines,time_macros,include_file_mtime,include_file_ctime")
  endif()
endif()
