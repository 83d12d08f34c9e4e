#include "video_files.h"

#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtEndian>

namespace quire::test {

QString ffmpegPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
}

QString makeVideo(const QString &output, const VideoSpec &spec)
{
    const QString ffmpeg = ffmpegPath();
    if (ffmpeg.isEmpty())
        return QStringLiteral("ffmpeg is not installed (Debian's ffmpeg package; scripts/setup.sh installs it)");
    const QString suffix = QFileInfo(output).suffix().toLower();
    const QString seconds = QString::number(spec.seconds);
    QStringList args{QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                     QStringLiteral("-y"), QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                     QStringLiteral("%1=size=%2x%3:rate=%4")
                         .arg(spec.pattern)
                         .arg(spec.size.width())
                         .arg(spec.size.height())
                         .arg(spec.rate)};
    if (spec.audio)
        args << QStringLiteral("-f") << QStringLiteral("lavfi") << QStringLiteral("-i")
             << QStringLiteral("sine=frequency=440:duration=%1").arg(seconds);
    args << QStringLiteral("-t") << seconds;
    if (suffix == QLatin1String("webm")) {
        args << QStringLiteral("-c:v") << QStringLiteral("libvpx") << QStringLiteral("-deadline")
             << QStringLiteral("realtime") << QStringLiteral("-b:v") << QStringLiteral("500k");
        if (spec.audio)
            args << QStringLiteral("-c:a") << QStringLiteral("libopus");
    } else if (suffix == QLatin1String("avi")) {
        args << QStringLiteral("-c:v") << QStringLiteral("mpeg4") << QStringLiteral("-q:v") << QStringLiteral("4");
        if (spec.audio)
            args << QStringLiteral("-c:a") << QStringLiteral("mp3");
    } else {
        args << QStringLiteral("-c:v") << QStringLiteral("libx264") << QStringLiteral("-preset")
             << QStringLiteral("ultrafast") << QStringLiteral("-pix_fmt") << QStringLiteral("yuv420p");
        if (spec.audio)
            args << QStringLiteral("-c:a") << QStringLiteral("aac");
    }
    if (spec.keyInterval > 0)
        args << QStringLiteral("-g") << QString::number(spec.keyInterval);
    QStringList movflags;
    if (spec.appleKeys)
        movflags << QStringLiteral("use_metadata_tags");
    if (spec.faststart)
        movflags << QStringLiteral("faststart");
    if (!movflags.isEmpty())
        args << QStringLiteral("-movflags") << QLatin1Char('+') + movflags.join(QLatin1Char('+'));
    for (const QString &entry : spec.metadata)
        args << QStringLiteral("-metadata") << entry;
    args << output;

    return runTool(ffmpeg, args);
}

QString setTrackRotation(const QString &path, int clockwise)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return QStringLiteral("cannot open %1").arg(path);
    QByteArray bytes = file.readAll();
    const qsizetype box = bytes.indexOf("tkhd");
    if (box < 0)
        return QStringLiteral("%1 has no track header").arg(path);
    // After the box type: version and flags (4), times, track id, reserved
    // and duration (20 bytes, 32 in version 1), then 16 bytes, then the matrix.
    const int version = uchar(bytes[box + 4]);
    const qsizetype matrix = box + 4 + 4 + (version == 1 ? 32 : 20) + 16;
    if (matrix + 36 > bytes.size())
        return QStringLiteral("%1 has a short track header").arg(path);
    // a b u / c d v / x y w, in 16.16 (u, v, w in 2.30). Turning clockwise
    // by 90: a = 0, b = 1, c = -1, d = 0.
    qint32 a = 0x10000, b = 0, c = 0, d = 0x10000;
    switch (((clockwise % 360) + 360) % 360) {
    case 90: a = 0, b = 0x10000, c = -0x10000, d = 0; break;
    case 180: a = -0x10000, b = 0, c = 0, d = -0x10000; break;
    case 270: a = 0, b = -0x10000, c = 0x10000, d = 0; break;
    default: break;
    }
    const qint32 values[9] = {a, b, 0, c, d, 0, 0, 0, 0x40000000};
    for (int i = 0; i < 9; ++i)
        qToBigEndian(values[i], bytes.data() + matrix + 4 * i);
    if (!file.seek(0) || file.write(bytes) != bytes.size())
        return QStringLiteral("cannot write %1").arg(path);
    return {};
}

} // namespace quire::test
