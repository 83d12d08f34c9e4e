#include "quire/ui/picturemime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>

namespace quire::ui {

QString pictureMimeType()
{
    return QStringLiteral("application/x-quire-pictures");
}

QMimeData *encodePictureRefs(const QList<PictureRef> &refs)
{
    QJsonArray array;
    for (const PictureRef &ref : refs) {
        array.append(QJsonObject{{QStringLiteral("album"), ref.album.toString(QUuid::WithoutBraces)},
                                 {QStringLiteral("picture"), ref.picture.toString(QUuid::WithoutBraces)}});
    }
    auto *data = new QMimeData;
    data->setData(pictureMimeType(), QJsonDocument(array).toJson(QJsonDocument::Compact));
    return data;
}

QList<PictureRef> decodePictureRefs(const QMimeData *data)
{
    QList<PictureRef> refs;
    if (!data || !data->hasFormat(pictureMimeType()))
        return refs;
    const QJsonArray array = QJsonDocument::fromJson(data->data(pictureMimeType())).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        PictureRef ref{QUuid::fromString(object.value(QStringLiteral("album")).toString()),
                       QUuid::fromString(object.value(QStringLiteral("picture")).toString())};
        if (!ref.album.isNull() && !ref.picture.isNull())
            refs.append(ref);
    }
    return refs;
}

} // namespace quire::ui
