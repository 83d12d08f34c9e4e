#include "media/video_poster.h"

#include <QTransform>

#include <algorithm>

namespace quire::detail::ffmpeg {

namespace {

// A poster comes from within the first seconds; a stream that has given no
// frame after this many packets is not going to (or is built not to).
constexpr int MaxPackets = 2000;

// Where the poster is looked for: 1 s in, when the video runs longer than
// that (a first frame is often black, or a fade in).
int64_t posterTimestamp(const AVFormatContext *format, const AVStream *stream)
{
    const int64_t start = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
    const int64_t oneSecond = av_rescale_q(AV_TIME_BASE, AV_TIME_BASE_Q, stream->time_base);
    const bool longer = format->duration != AV_NOPTS_VALUE ? format->duration > AV_TIME_BASE
                                                           : stream->duration != AV_NOPTS_VALUE && stream->duration > oneSecond;
    return longer ? start + oneSecond : start;
}

// The decoder, asking for output at a fraction of the coded size when the
// codec can decode that way (MPEG-4 part 2, H.263, MJPEG: lowres) and the
// result stays at least longEdge long.
Codec openDecoder(const AVStream *stream, int longEdge, QString &failure)
{
    const AVCodec *decoder = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!decoder) {
        failure = QStringLiteral("its video codec (%1) cannot be decoded by this FFmpeg")
                      .arg(QString::fromUtf8(avcodec_get_name(stream->codecpar->codec_id)));
        return nullptr;
    }
    Codec codec(avcodec_alloc_context3(decoder));
    if (!codec || avcodec_parameters_to_context(codec.get(), stream->codecpar) < 0) {
        failure = QStringLiteral("the video cannot be read (FFmpeg is out of memory)");
        return nullptr;
    }
    // The importer already runs a decoder on every core.
    codec->thread_count = 1;
    // A thumbnail a seventh of the frame's size shows no blocking: the
    // deblocking filter (a good part of an H.264 frame's decode) is skipped.
    codec->skip_loop_filter = AVDISCARD_ALL;
    codec->flags2 |= AV_CODEC_FLAG2_FAST;
    const int codedEdge = std::max(stream->codecpar->width, stream->codecpar->height);
    int lowres = 0;
    while (lowres < decoder->max_lowres && (codedEdge >> (lowres + 1)) >= longEdge)
        ++lowres;
    codec->lowres = lowres;
    if (const int error = avcodec_open2(codec.get(), decoder, nullptr); error < 0) {
        failure = QStringLiteral("its video codec (%1) cannot be opened (FFmpeg: %2)")
                      .arg(QString::fromUtf8(decoder->name), describe(error));
        return nullptr;
    }
    return codec;
}

// The decoded frame as an RGB image of `size`.
QImage toImage(const AVFrame *frame, QSize size, QString &failure)
{
    const Scale scale(sws_getContext(frame->width, frame->height, AVPixelFormat(frame->format), size.width(),
                                     size.height(), AV_PIX_FMT_RGB24, SWS_AREA, nullptr, nullptr, nullptr));
    QImage image(size, QImage::Format_RGB888);
    if (!scale || image.isNull()) {
        const char *name = av_get_pix_fmt_name(AVPixelFormat(frame->format));
        failure = QStringLiteral("the video's frame cannot be converted to a picture (pixel format %1)")
                      .arg(QString::fromUtf8(name ? name : "unknown"));
        return {};
    }
    uint8_t *planes[4] = {image.bits(), nullptr, nullptr, nullptr};
    const int strides[4] = {int(image.bytesPerLine()), 0, 0, 0};
    sws_scale(scale.get(), frame->data, frame->linesize, 0, frame->height, planes, strides);
    return image;
}

} // namespace

QImage decodePoster(AVFormatContext *format, int index, QSize shown, int rotation, int longEdge,
                    const Deadline &deadline, QString &failure)
{
    AVStream *stream = format->streams[index];
    const Codec codec = openDecoder(stream, longEdge, failure);
    if (!codec)
        return {};
    // The key frame at or before 1 s is the poster, decoded alone: phones
    // write a key frame about every second, so it lies near 1 s, and one
    // frame is the least any thumbnail of a video costs. Decoding on from
    // it to 1 s exactly would cost up to a second of frames per file (a
    // 1080p H.264 frame takes milliseconds), for a picture a second
    // earlier or later. A video with sparse key frames shows its first; a
    // file that cannot seek is read from where probing left it.
    const int64_t target = posterTimestamp(format, stream);
    if (target != (stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0))
        av_seek_frame(format, index, target, AVSEEK_FLAG_BACKWARD);

    const Packet packet(av_packet_alloc());
    const Frame frame(av_frame_alloc());
    if (!packet || !frame) {
        failure = QStringLiteral("the video cannot be read (FFmpeg is out of memory)");
        return {};
    }
    // Packets in until the decoder gives a frame; at the end of the file
    // (or MaxPackets in) it is drained of what it holds.
    int received = AVERROR(EAGAIN);
    for (int packets = 0; received == AVERROR(EAGAIN);) {
        if (deadline.passed()) {
            failure = QStringLiteral("decoding its poster frame took too long");
            return {};
        }
        const int read = packets < MaxPackets ? av_read_frame(format, packet.get()) : AVERROR_EOF;
        if (read < 0) {
            avcodec_send_packet(codec.get(), nullptr);
            received = avcodec_receive_frame(codec.get(), frame.get()); // a frame, or AVERROR_EOF
            break;
        }
        if (packet->stream_index == index) {
            ++packets;
            // A damaged packet is passed over; a later one may still decode.
            avcodec_send_packet(codec.get(), packet.get());
            received = avcodec_receive_frame(codec.get(), frame.get());
        }
        av_packet_unref(packet.get());
    }
    if (received < 0) {
        failure = QStringLiteral("no frame of its video could be decoded (the file is damaged or cut short)");
        return {};
    }
    const QSize upright = rotation % 180 ? shown.transposed() : shown;
    QSize size = std::max(upright.width(), upright.height()) > longEdge
        ? upright.scaled(longEdge, longEdge, Qt::KeepAspectRatio)
        : upright;
    size = size.expandedTo(QSize(1, 1));
    QImage image = toImage(frame.get(), size, failure);
    if (image.isNull() || rotation == 0)
        return image;
    return image.transformed(QTransform().rotate(rotation));
}

} // namespace quire::detail::ffmpeg
