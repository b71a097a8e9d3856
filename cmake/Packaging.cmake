# The Debian package (scripts/package): `cpack -G DEB` over the install rules.
# Depends is computed from the binary's shared libraries (dpkg-shlibdeps), plus
# what Qt loads at run time and no linker sees: the platform plugins.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME asyncscope)
set(CPACK_PACKAGE_VENDOR "asyncscope developers")
set(CPACK_PACKAGE_CONTACT "asyncscope developers <asyncscope@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see what await, Promise.all, race and any do in time")
set(CPACK_PACKAGE_DESCRIPTION
  "asyncscope draws Gantt-style timelines of JavaScript's async patterns\n"
  "(sequential awaits, Promise.all, allSettled, race, any, timeouts, failover,\n"
  "retries, pools, dependency graphs) over simulated or real requests, on one\n"
  "shared time axis, for teaching and experimenting; with a command line that\n"
  "runs the same engine headless and exports PNG, SVG and PDF pictures.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}\n${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)        # asyncscope_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
