// The verb listing an album's pictures, and how a picture is shown.

#include "commands.h"

#include <quire/session.h>
#include <quire/album.h>
#include <quire/tags.h>
#include <quire/pictures.h>

#include <QHash>
#include <QJsonArray>

namespace quirectl {

QJsonObject pictureJson(const quire::Picture &picture, const QStringList &tagPaths)
{
    auto optional = [](const auto &value) { return value ? QJsonValue(*value) : QJsonValue(); };
    auto text = [](const QString &value) { return value.isEmpty() ? QJsonValue() : QJsonValue(value); };
    QJsonValue gps;
    if (picture.gps) {
        gps = QJsonObject{{QStringLiteral("latitude"), picture.gps->latitude},
                          {QStringLiteral("longitude"), picture.gps->longitude},
                          {QStringLiteral("altitude"), optional(picture.gps->altitude)}};
    }
    return QJsonObject{
        {QStringLiteral("uuid"), picture.uuid.toString(QUuid::WithoutBraces)},
        {QStringLiteral("path"), picture.path},
        {QStringLiteral("state"), picture.state == quire::PictureState::Missing ? QStringLiteral("missing")
                                                                                 : QStringLiteral("present")},
        {QStringLiteral("size"), picture.fileSize},
        {QStringLiteral("content_hash"), picture.contentHash.isEmpty()
             ? QJsonValue() : QJsonValue(QString::fromLatin1(picture.contentHash.toHex()))},
        {QStringLiteral("width"), picture.width},
        {QStringLiteral("height"), picture.height},
        {QStringLiteral("orientation"), picture.orientation},
        {QStringLiteral("taken_at"), picture.takenAt.isValid()
             ? QJsonValue(picture.takenAt.toUTC().toString(Qt::ISODateWithMs))
             : QJsonValue()},
        {QStringLiteral("taken_at_guessed"), picture.takenAtGuessed},
        {QStringLiteral("utc_offset_minutes"), optional(picture.utcOffsetMinutes)},
        {QStringLiteral("camera_make"), text(picture.cameraMake)},
        {QStringLiteral("camera_model"), text(picture.cameraModel)},
        {QStringLiteral("lens"), text(picture.lens)},
        {QStringLiteral("exposure_time"), optional(picture.exposureTime)},
        {QStringLiteral("f_number"), optional(picture.fNumber)},
        {QStringLiteral("iso"), optional(picture.iso)},
        {QStringLiteral("focal_length"), optional(picture.focalLength)},
        {QStringLiteral("gps"), gps},
        {QStringLiteral("rating"), picture.rating},
        {QStringLiteral("kind"), picture.kind == quire::PictureKind::Video ? QStringLiteral("video")
                                                                          : QStringLiteral("photo")},
        {QStringLiteral("duration_ms"), optional(picture.durationMs)},
        {QStringLiteral("frame_rate"), optional(picture.frameRate)},
        {QStringLiteral("video_codec"), text(picture.videoCodec)},
        {QStringLiteral("audio_codec"), text(picture.audioCodec)},
        {QStringLiteral("title"), text(picture.title)},
        {QStringLiteral("description"), text(picture.description)},
        {QStringLiteral("label"), quire::colourLabelName(picture.colourLabel)},
        {QStringLiteral("pick"), quire::pickStateName(picture.pick)},
        {QStringLiteral("sidecar"), text(picture.sidecarPath)},
        {QStringLiteral("tags"), QJsonArray::fromStringList(tagPaths)},
    };
}

// uuid, path, bytes, WxH, taken at, rating, tags: tab-separated for cut(1).
QString pictureLine(const quire::Picture &picture, const QStringList &tagPaths)
{
    const QString none = QStringLiteral("-");
    return QStringList{
        picture.uuid.toString(QUuid::WithoutBraces),
        picture.path,
        QString::number(picture.fileSize),
        QStringLiteral("%1x%2").arg(picture.width).arg(picture.height),
        // '~': the date is the file's time, the file carrying none.
        picture.takenAt.isValid()
            ? (picture.takenAtGuessed ? QStringLiteral("~") : QString()) + picture.takenAt.toUTC().toString(Qt::ISODate)
            : none,
        QString::number(picture.rating),
        tagPaths.isEmpty() ? none : tagPaths.join(QStringLiteral(", ")),
    }.join(u'\t');
}

int runPictures(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    quire::Result<quire::Session> session = album->read();
    if (!session)
        return context.output.failed(session.error());

    quire::PictureFilter filter;
    filter.withTags = true;
    bool unknownTag = false;
    for (const QString &path : context.arguments.values(QStringLiteral("--tag"))) {
        const quire::Result<std::optional<quire::Tag>> tag = quire::Tags(*session).byPath(path);
        if (!tag)
            return context.output.failed(tag.error());
        if (!*tag) {
            unknownTag = true; // no picture carries a tag that does not exist
            break;
        }
        // One tag named twice ("A" and "A/") is still one tag to carry.
        if (!filter.allTags.contains((*tag)->id))
            filter.allTags.append((*tag)->id);
    }

    QList<quire::Picture> pictures;
    if (!unknownTag) {
        quire::Result<QList<quire::Picture>> found = quire::Pictures(*session).query(filter);
        if (!found)
            return context.output.failed(found.error());
        pictures = std::move(*found);
    }
    QHash<qint64, QString> tagPaths;
    if (!pictures.isEmpty()) {
        const quire::Result<QList<quire::Tag>> tags = quire::Tags(*session).all();
        if (!tags)
            return context.output.failed(tags.error());
        for (const quire::Tag &tag : *tags)
            tagPaths.insert(tag.id, tag.path);
    }

    QJsonArray json;
    QStringList lines;
    for (const quire::Picture &picture : std::as_const(pictures)) {
        QStringList paths;
        for (qint64 id : picture.tagIds)
            paths.append(tagPaths.value(id));
        paths.sort();
        json.append(pictureJson(picture, paths));
        lines.append(pictureLine(picture, paths));
    }
    context.output.result(json, lines.join(u'\n'));
    return ExitOk;
}

} // namespace quirectl
