/* Placeholder object for the tiny static library this shim subproject must
 * export (mediasoup's worker/meson.build reads it with get_variable() for the
 * `link_whole` list of libmediasoup-worker). The real code comes from the
 * Debian library found through pkg-config in meson.build. */
typedef int hearth_mediasoup_offline_shim_placeholder;
