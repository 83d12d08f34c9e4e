#pragma once
// FFmpeg's objects owned the C++ way, for video_file.cpp and
// video_poster.cpp only: the one private header that includes FFmpeg's
// (nothing above media/ sees them), plus the per-file time limit both
// check.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <QElapsedTimer>
#include <QString>

#include <memory>

namespace quire::detail::ffmpeg {

struct FormatClose {
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
struct CodecFree {
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameFree {
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketFree {
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct ScaleFree {
    void operator()(SwsContext *s) const { sws_freeContext(s); }
};
using Format = std::unique_ptr<AVFormatContext, FormatClose>;
using Codec = std::unique_ptr<AVCodecContext, CodecFree>;
using Frame = std::unique_ptr<AVFrame, FrameFree>;
using Packet = std::unique_ptr<AVPacket, PacketFree>;
using Scale = std::unique_ptr<SwsContext, ScaleFree>;

// FFmpeg's words for an error code ("Invalid data found when processing input").
inline QString describe(int error)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(error, text, sizeof text);
    return QString::fromUtf8(text);
}

// The time one file may take. FFmpeg asks interrupted() between reads
// (AVFormatContext::interrupt_callback) and the poster's decode loop
// asks between packets, so a file built to make the demuxer or decoder
// spin ends with AVERROR_EXIT instead of stalling an import worker.
class Deadline
{
public:
    explicit Deadline(int limitMs) : m_limitMs(limitMs) { m_clock.start(); }
    bool passed() const { return m_clock.nsecsElapsed() > qint64(m_limitMs) * 1000000; }
    int limitMs() const { return m_limitMs; }
    static int interrupted(void *self) { return static_cast<const Deadline *>(self)->passed() ? 1 : 0; }

private:
    QElapsedTimer m_clock;
    int m_limitMs;
};

} // namespace quire::detail::ffmpeg
