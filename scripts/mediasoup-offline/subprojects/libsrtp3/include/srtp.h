/*
 * Hearth: libsrtp 3 API bridge over Debian's libsrtp 2 (libsrtp2-dev).
 *
 * mediasoup >= 3.16 is written against libsrtp 3 and does `#include <srtp.h>`.
 * Debian 12 ships libsrtp 2.5, whose header is <srtp2/srtp.h>. This header is
 * found first (it sits in the include directory of the `libsrtp3` shim
 * subproject), pulls in libsrtp 2 and adds the few libsrtp 3 names mediasoup
 * uses, as inline C++ overloads:
 *
 *   - srtp_protect / srtp_protect_rtcp (libsrtp 3): const input buffer + size_t
 *     length, separate output buffer + size_t* length (in: capacity, out:
 *     result) and an MKI index. libsrtp 2 works in place with an int* length,
 *     so copy to the output buffer and protect there.
 *   - srtp_unprotect / srtp_unprotect_rtcp (libsrtp 3): same shape, no MKI.
 *   - srtp_stream_remove (libsrtp 3) == srtp_remove_stream (libsrtp 2).
 *   - srtp_err_status_buffer_small / srtp_err_status_cryptex_err do not exist
 *     in libsrtp 2.5 (mediasoup only lists them in its error-string table).
 *
 * C++ allows overloading the extern "C" libsrtp 2 functions with these C++
 * functions because their parameter lists differ.
 */
#ifndef HEARTH_MEDIASOUP_SRTP3_BRIDGE_H
#define HEARTH_MEDIASOUP_SRTP3_BRIDGE_H

#include <srtp2/srtp.h>

#ifdef __cplusplus

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

// Error codes added by libsrtp 3. libsrtp 2.5's enum ends at 27
// (srtp_err_status_pkt_idx_adv); libsrtp 2 itself never returns these, only
// the bridge functions below do (buffer_small).
constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(29);

namespace hearth_srtp_bridge
{
	using InPlaceFn = srtp_err_status_t (*)(srtp_t, void*, int*);

	// Copies `in` into `out` (unless they are the same buffer) and runs the
	// libsrtp 2 in-place function there. `maxGrowth` is how many bytes the
	// operation may append (trailer); `*outLen` holds the capacity of `out`.
	inline srtp_err_status_t Run(
	  InPlaceFn fn,
	  srtp_t ctx,
	  const uint8_t* in,
	  size_t inLen,
	  uint8_t* out,
	  size_t* outLen,
	  size_t maxGrowth)
	{
		if (!in || !out || !outLen || inLen > static_cast<size_t>(INT_MAX) - maxGrowth)
		{
			return srtp_err_status_bad_param;
		}

		if (*outLen < inLen + maxGrowth)
		{
			return srtp_err_status_buffer_small;
		}

		if (out != in)
		{
			std::memmove(out, in, inLen);
		}

		int len = static_cast<int>(inLen);

		const srtp_err_status_t err = fn(ctx, out, &len);

		if (err == srtp_err_status_ok)
		{
			*outLen = static_cast<size_t>(len);
		}

		return err;
	}
} // namespace hearth_srtp_bridge

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t mkiIndex)
{
	// mediasoup never uses MKI (always index 0); libsrtp 2's plain
	// srtp_protect() is the no-MKI variant.
	if (mkiIndex != 0)
	{
		return srtp_err_status_bad_mki;
	}

	return hearth_srtp_bridge::Run(
	  &::srtp_protect, ctx, rtp, rtpLen, srtp, srtpLen, SRTP_MAX_TRAILER_LEN);
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
	// Unprotecting only shrinks the packet.
	return hearth_srtp_bridge::Run(&::srtp_unprotect, ctx, srtp, srtpLen, rtp, rtpLen, 0);
}

inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t mkiIndex)
{
	if (mkiIndex != 0)
	{
		return srtp_err_status_bad_mki;
	}

	// SRTCP appends the trailer plus the 4-byte SRTCP index.
	return hearth_srtp_bridge::Run(
	  &::srtp_protect_rtcp, ctx, rtcp, rtcpLen, srtcp, srtcpLen, SRTP_MAX_TRAILER_LEN + 4);
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
	return hearth_srtp_bridge::Run(&::srtp_unprotect_rtcp, ctx, srtcp, srtcpLen, rtcp, rtcpLen, 0);
}

inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}

#endif // __cplusplus

#endif // HEARTH_MEDIASOUP_SRTP3_BRIDGE_H
