#include "media/video_file.h"

#include "media/heif_image.h"
#include "media/thumbnail.h"
#include "media/video_ffmpeg.h"
#include "media/video_poster.h"

extern "C" {
#include <libavutil/display.h>
}

#include <QSet>

#include <cmath>
#include <fcntl.h>
#include <unistd.h>

namespace quire::detail {

namespace {

using namespace ffmpeg;

// The demuxers of the formats Quire imports, by FFmpeg's names. Nothing
// else may open a file: FFmpeg would read a JPEG named .mp4 as a one-frame
// video, or an HLS playlist named .mov as a list of URLs to fetch.
constexpr const char *AllowedDemuxers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi";

// FFmpeg prints its complaints on stderr; Quire reports each in words,
// naming the file, so the log stays quiet. Set once, for the process.
void muteFfmpegLog()
{
    static const bool muted = [] {
        av_log_set_level(AV_LOG_QUIET);
        return true;
    }();
    (void)muted;
}

QString timedOut(const Deadline &deadline)
{
    return QStringLiteral("reading it took longer than %1 s, the limit for one video (a damaged or hostile file?)")
        .arg(deadline.limitMs() / 1000.0);
}

// What the file's first bytes say it is, for a file FFmpeg would not open.
QString whyNotOpened(const QByteArray &path, int error, const Deadline &deadline)
{
    if (deadline.passed())
        return timedOut(deadline);
    QByteArray head(4096, '\0');
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    const ssize_t n = fd < 0 ? -1 : ::read(fd, head.data(), size_t(head.size()));
    if (fd >= 0)
        ::close(fd);
    if (n < 0)
        return QStringLiteral("the file cannot be read (FFmpeg: %1)").arg(describe(error));
    head.truncate(n);
    const auto byte = [&](int i) { return i < head.size() ? uchar(head[i]) : 0u; };
    if (byte(0) == 0xFF && byte(1) == 0xD8 && byte(2) == 0xFF)
        return QStringLiteral("it is named like a video but its data is a JPEG image");
    if (head.startsWith("\x89PNG"))
        return QStringLiteral("it is named like a video but its data is a PNG image");
    if (looksLikeHeif(head))
        return QStringLiteral("it is named like a video but its data is a HEIF image");
    const bool isoMedia = head.mid(4, 4) == "ftyp" || head.mid(4, 4) == "moov" || head.mid(4, 4) == "mdat"
        || head.mid(4, 4) == "wide" || head.mid(4, 4) == "free";
    const bool matroska = byte(0) == 0x1A && byte(1) == 0x45 && byte(2) == 0xDF && byte(3) == 0xA3;
    const bool avi = head.startsWith("RIFF") && head.mid(8, 4) == "AVI ";
    if (isoMedia || matroska || avi)
        return QStringLiteral("the video is damaged or cut short: its header cannot be read (FFmpeg: %1)")
            .arg(describe(error));
    return QStringLiteral("its data is not a video in a format Quire reads (MP4, MOV, MKV, WebM, AVI, 3GP)");
}

// The first video stream that is a video (not cover art); -1 when none.
int videoStreamOf(const AVFormatContext *format)
{
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVStream *s = format->streams[i];
        if (s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(s->disposition & AV_DISPOSITION_ATTACHED_PIC))
            return int(i);
    }
    return -1;
}

// Clockwise degrees to turn the frames by, a multiple of 90. The display
// matrix's angle is counter-clockwise (av_display_rotation_get).
int rotationOf(const AVStream *stream)
{
    double degrees = 0;
    size_t size = 0;
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (matrix && size >= 9 * sizeof(int32_t)) {
        degrees = -av_display_rotation_get(reinterpret_cast<const int32_t *>(matrix));
    } else if (const AVDictionaryEntry *rotate = av_dict_get(stream->metadata, "rotate", nullptr, 0)) {
        degrees = QString::fromUtf8(rotate->value).toDouble();
    }
    if (!std::isfinite(degrees))
        return 0;
    const int quarter = int(std::lround(degrees / 90.0));
    return ((quarter % 4) + 4) % 4 * 90;
}

std::optional<double> frameRateOf(const AVStream *stream);

// True when the header names the video stream's codec, size and frame
// rate, and each audio stream's codec.
bool headerSaysEnough(const AVFormatContext *format)
{
    const int index = videoStreamOf(format);
    if (index < 0)
        return false;
    const AVStream *video = format->streams[index];
    if (video->codecpar->codec_id == AV_CODEC_ID_NONE || video->codecpar->width <= 0 || video->codecpar->height <= 0
        || !frameRateOf(video))
        return false;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        if (format->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO
            && format->streams[i]->codecpar->codec_id == AV_CODEC_ID_NONE)
            return false;
    }
    return true;
}

// The picture's size before rotation, its pixel aspect ratio applied
// (an anamorphic DV or broadcast file stores narrower pixels).
QSize displaySize(const AVStream *stream)
{
    const AVCodecParameters *codec = stream->codecpar;
    QSize size(codec->width, codec->height);
    AVRational aspect = stream->sample_aspect_ratio.num > 0 ? stream->sample_aspect_ratio : codec->sample_aspect_ratio;
    if (aspect.num > 0 && aspect.den > 0 && aspect.num != aspect.den) {
        const double width = double(size.width()) * aspect.num / aspect.den;
        if (width >= 1 && width < 65536)
            size.setWidth(int(std::lround(width)));
    }
    return size;
}

std::optional<qint64> durationOf(const AVFormatContext *format, const AVStream *stream)
{
    qint64 ms = -1;
    if (format->duration != AV_NOPTS_VALUE && format->duration > 0)
        ms = format->duration / (AV_TIME_BASE / 1000);
    else if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
        ms = av_rescale_q(stream->duration, stream->time_base, AVRational{1, 1000});
    // Longer than a week is a broken header, not a video.
    return ms > 0 && ms < qint64(7) * 24 * 3600 * 1000 ? std::optional<qint64>(ms) : std::nullopt;
}

std::optional<double> frameRateOf(const AVStream *stream)
{
    for (const AVRational rate : {stream->avg_frame_rate, stream->r_frame_rate}) {
        if (rate.num > 0 && rate.den > 0) {
            const double fps = av_q2d(rate);
            if (fps > 0 && fps <= 1000)
                return fps;
        }
    }
    return std::nullopt;
}

void addTags(const AVDictionary *dictionary, QHash<QString, QString> &tags)
{
    const AVDictionaryEntry *entry = nullptr;
    while ((entry = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX))) {
        const QString key = QString::fromUtf8(entry->key).toLower();
        if (!tags.contains(key))
            tags.insert(key, QString::fromUtf8(entry->value).left(1024));
    }
}

// True when an MP4/MOV's sample index (from its moov box) names bytes past
// the end of the file: a copy or download cut short whose header was
// written first (faststart), which FFmpeg otherwise opens as if whole.
bool indexPastEnd(AVFormatContext *format)
{
    const int64_t fileSize = format->pb ? avio_size(format->pb) : -1;
    if (fileSize <= 0)
        return false;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        AVStream *s = format->streams[i];
        const int count = avformat_index_get_entries_count(s);
        if (count <= 0)
            continue;
        const AVIndexEntry *last = avformat_index_get_entry(s, count - 1);
        if (last && last->pos + last->size > fileSize)
            return true;
    }
    return false;
}

} // namespace

bool isVideoFileName(const QString &fileName)
{
    static const QSet<QString> videos{QStringLiteral("mp4"), QStringLiteral("m4v"),  QStringLiteral("mov"),
                                      QStringLiteral("mkv"), QStringLiteral("webm"), QStringLiteral("avi"),
                                      QStringLiteral("3gp")};
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot >= 0 && videos.contains(fileName.mid(dot + 1).toLower());
}

VideoFile readVideoFile(const QByteArray &path, int longEdge, int timeLimitMs)
{
    muteFfmpegLog();
    VideoFile out;
    const Deadline deadline(timeLimitMs);
    AVFormatContext *raw = avformat_alloc_context();
    if (!raw) {
        out.failure = QStringLiteral("the video cannot be read (FFmpeg is out of memory)");
        return out;
    }
    raw->interrupt_callback.callback = &Deadline::interrupted;
    raw->interrupt_callback.opaque = const_cast<Deadline *>(&deadline);
    raw->format_whitelist = av_strdup(AllowedDemuxers);
    raw->protocol_whitelist = av_strdup("file");
    // "file:" first: a path is never taken for another protocol's URL.
    const QByteArray url = "file:" + path;
    if (const int error = avformat_open_input(&raw, url.constData(), nullptr, nullptr); error < 0) {
        out.failure = whyNotOpened(path, error, deadline); // raw was freed by FFmpeg
        return out;
    }
    const Format format(raw);
    // Probing decodes frames of every stream to learn what the header did
    // not say; MP4, MOV, MKV and AVI headers say all the importer needs (the
    // codec, size and rate), so it is left out for them, which is a good
    // part of a video's import time. A header short of that is probed.
    if (!headerSaysEnough(raw)) {
        if (const int error = avformat_find_stream_info(raw, nullptr); error < 0) {
            out.failure = deadline.passed()
                ? timedOut(deadline)
                : QStringLiteral("the video is damaged or cut short: its streams cannot be read (FFmpeg: %1)")
                      .arg(describe(error));
            return out;
        }
    }
    const int index = videoStreamOf(raw);
    if (index < 0) {
        out.failure = QStringLiteral("it holds no video stream (a sound file named like a video?)");
        return out;
    }
    const AVStream *stream = raw->streams[index];
    if (indexPastEnd(raw)) {
        out.failure = QStringLiteral("the video is cut short: its index names data past the end of the file "
                                     "(a truncated copy or download)");
        return out;
    }
    const QSize size = displaySize(stream);
    if (size.isEmpty()) {
        out.failure = QStringLiteral("the video is damaged or cut short: its video stream has no picture size");
        return out;
    }
    if (qint64(size.width()) * size.height() > MaxDecodedPixels) {
        out.failure = QStringLiteral("it claims %1 x %2 pixels, more than any video").arg(size.width()).arg(size.height());
        return out;
    }
    out.rotation = rotationOf(stream);
    out.shownSize = out.rotation % 180 ? size.transposed() : size;
    out.durationMs = durationOf(raw, stream);
    out.frameRate = frameRateOf(stream);
    out.videoCodec = QString::fromUtf8(avcodec_get_name(stream->codecpar->codec_id));
    for (unsigned i = 0; i < raw->nb_streams; ++i) {
        if (raw->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
            out.audioCodec = QString::fromUtf8(avcodec_get_name(raw->streams[i]->codecpar->codec_id));
            break;
        }
    }
    addTags(raw->metadata, out.tags);
    addTags(stream->metadata, out.tags);

    QString failure;
    out.poster = decodePoster(raw, index, out.shownSize, out.rotation, longEdge, deadline, failure);
    // The deadline is asked between reads and packets, not inside one
    // frame's decode; a file that took longer than its limit is over it
    // however far it got, so the limit means the same on every machine.
    if (deadline.passed()) {
        out.poster = QImage();
        out.failure = timedOut(deadline);
    } else if (out.poster.isNull()) {
        out.failure = failure;
    }
    return out;
}

} // namespace quire::detail
