// W5-video: 200 short videos (1080p, 5 s, H.264 with AAC sound, a key frame
// every second as phones write them) made by the ffmpeg command and
// imported into an album: container facts, SHA-1 and a poster thumbnail,
// with importPictures on both cores. The limit is FFmpeg alone opening
// each file and decoding the same poster frame (the key frame at 1 s, with
// the importer's decoder settings) at full size on one thread: the least
// a video's thumbnail can cost. Target: at most 0.8x that. Smoke runs
// (--scale under 0.1) use 320x240 clips of 2 s, so the setup stays quick.

#include "bench.h"
#include "bench_photos.h"
#include "video_files.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QtConcurrent>

#include <mutex>

namespace quire::bench {

namespace {

qint64 videoCount(double scale)
{
    return std::max<qint64>(4, qint64(200 * scale));
}

QString videoFolder(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("Videos"));
}

QString makeVideos(const QString &folder, double scale)
{
    const QString dir = videoFolder(folder);
    QDir().mkpath(dir);
    const bool smoke = scale < 0.1;
    test::VideoSpec spec;
    spec.pattern = QStringLiteral("testsrc");
    spec.size = smoke ? QSize(320, 240) : QSize(1920, 1080);
    spec.seconds = smoke ? 2 : 5;
    spec.audio = true;
    spec.keyInterval = spec.rate; // a key frame a second, as phones write
    spec.metadata = {QStringLiteral("creation_time=2024-05-06T07:08:09Z"), QStringLiteral("location=+48.8584+002.2945/"),
                     QStringLiteral("title=clip-00000")};
    // One video made, the rest copies with another number in their title
    // (the same length), so each file hashes differently and the setup stays short.
    const QString first = QDir(dir).filePath(QStringLiteral("VID_00000.mp4"));
    if (QString failure = test::makeVideo(first, spec); !failure.isEmpty())
        return failure;
    QFile source(first);
    if (!source.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1").arg(first);
    const QByteArray bytes = source.readAll();
    const qsizetype mark = bytes.indexOf("clip-00000");
    if (mark < 0)
        return QStringLiteral("the title tag is not in %1").arg(first);
    QList<int> indexes;
    for (int i = 1; i < videoCount(scale); ++i)
        indexes.append(i);
    QStringList failures;
    std::mutex failuresMutex;
    QtConcurrent::blockingMap(indexes, [&](int i) {
        QByteArray copy = bytes;
        copy.replace(mark + 5, 5, QByteArray::number(i).rightJustified(5, '0'));
        QFile out(QDir(dir).filePath(QStringLiteral("VID_%1.mp4").arg(i, 5, 10, QLatin1Char('0'))));
        if (!out.open(QIODevice::WriteOnly) || out.write(copy) != copy.size()) {
            std::lock_guard lock(failuresMutex);
            failures.append(out.fileName());
        }
    });
    return failures.isEmpty() ? QString()
                              : QStringLiteral("%1 videos could not be written: %2").arg(failures.size()).arg(failures[0]);
}

Run importThroughQuire(const QString &folder, double)
{
    return importAlbumFolder(videoFolder(folder), QStringLiteral("Videos"), QStringLiteral("*.mp4"));
}

// One file as the limit reads it: opened by FFmpeg (the MP4 header names
// the streams, so without avformat_find_stream_info, which would decode
// frames of every stream first), the key frame at 1 s decoded at full
// size, on this thread only.
bool decodeFirstFrame(const QString &file)
{
    AVFormatContext *format = nullptr;
    if (avformat_open_input(&format, QFile::encodeName(file).constData(), nullptr, nullptr) < 0)
        return false;
    const auto closeFormat = qScopeGuard([&] { avformat_close_input(&format); });
    const AVCodec *decoder = nullptr;
    const int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (stream < 0 || !decoder)
        return false;
    AVCodecContext *codec = avcodec_alloc_context3(decoder);
    const auto freeCodec = qScopeGuard([&] { avcodec_free_context(&codec); });
    codec->thread_count = 1;
    codec->skip_loop_filter = AVDISCARD_ALL; // as the importer decodes a poster
    codec->flags2 |= AV_CODEC_FLAG2_FAST;
    if (avcodec_parameters_to_context(codec, format->streams[stream]->codecpar) < 0
        || avcodec_open2(codec, decoder, nullptr) < 0)
        return false;
    const AVStream *video = format->streams[stream];
    av_seek_frame(format, stream, av_rescale_q(AV_TIME_BASE, AV_TIME_BASE_Q, video->time_base), AVSEEK_FLAG_BACKWARD);
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    const auto freeFrames = qScopeGuard([&] {
        av_packet_free(&packet);
        av_frame_free(&frame);
    });
    while (av_read_frame(format, packet) >= 0) {
        const bool ours = packet->stream_index == stream;
        if (ours)
            avcodec_send_packet(codec, packet);
        av_packet_unref(packet);
        if (ours && avcodec_receive_frame(codec, frame) == 0)
            return true;
    }
    avcodec_send_packet(codec, nullptr);
    return avcodec_receive_frame(codec, frame) == 0;
}

Run decodeAlone(const QString &folder, double)
{
    av_log_set_level(AV_LOG_QUIET);
    return decodeEachAlone(filesIn(videoFolder(folder), QStringLiteral("*.mp4")), decodeFirstFrame);
}

} // namespace

Workload videoImportWorkload()
{
    Workload w;
    w.name = QStringLiteral("W5-video");
    w.description = QStringLiteral("200 videos of 5 s at 1080p (H.264, AAC) imported (container facts, SHA-1, poster "
                                   "thumbnails; both cores), against FFmpeg opening each and decoding that poster frame "
                                   "on one thread");
    w.target = 0.8;
    w.setup = makeVideos;
    w.quire = importThroughQuire;
    w.limit = decodeAlone;
    return w;
}

} // namespace quire::bench
