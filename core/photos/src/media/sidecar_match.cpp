#include "media/sidecar_match.h"

#include "media/photo_file.h"

#include <QStringList>

namespace quire::detail {

namespace {

struct Place {
    QString folder; // relative, '' for the album folder itself
    QString name;
};

Place placeOf(const QString &relativePath)
{
    const qsizetype slash = relativePath.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? Place{QString(), relativePath}
                     : Place{relativePath.left(slash), relativePath.mid(slash + 1)};
}

QString key(const QString &folder, const QString &name)
{
    return folder + QLatin1Char('/') + name;
}

QString baseName(const QString &fileName)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot > 0 ? fileName.left(dot) : fileName;
}

} // namespace

bool isSidecarFileName(const QString &fileName)
{
    return fileName.size() > 4 && fileName.endsWith(QLatin1String(".xmp"), Qt::CaseInsensitive);
}

SidecarMatch matchSidecars(const QList<FoundFile> &pictures, const QList<FoundFile> &sidecars)
{
    QHash<QString, qsizetype> pictureByName;      // folder/NAME.EXT -> index
    QHash<QString, QList<qsizetype>> pictureByBase; // folder/NAME -> indexes
    for (qsizetype i = 0; i < pictures.size(); ++i) {
        const Place p = placeOf(pictures[i].relativePath);
        pictureByName.insert(key(p.folder, p.name), i);
        pictureByBase[key(p.folder, baseName(p.name))].append(i);
    }
    SidecarMatch match;
    QList<const FoundFile *> shared; // NAME.xmp candidates, after every NAME.EXT.xmp
    for (const FoundFile &sidecar : sidecars) {
        const Place s = placeOf(sidecar.relativePath);
        const QString stem = key(s.folder, s.name.chopped(4));
        if (const auto p = pictureByName.constFind(stem); p != pictureByName.cend())
            match.byPicture.insert(pictures[*p].relativePath, sidecar);
        else
            shared.append(&sidecar);
    }
    for (const FoundFile *sidecar : std::as_const(shared)) {
        const Place s = placeOf(sidecar->relativePath);
        const QList<qsizetype> named = pictureByBase.value(key(s.folder, s.name.chopped(4)));
        if (named.isEmpty()) {
            match.unmatched.append({*sidecar, QStringLiteral("no picture beside it has its name (a sidecar is "
                                                             "read with its picture)")});
            continue;
        }
        qsizetype owner = named.size() == 1 ? named.first() : -1;
        if (owner < 0) {
            QList<qsizetype> raws;
            QStringList names;
            for (qsizetype i : named) {
                names.append(placeOf(pictures[i].relativePath).name);
                if (isRawFileName(names.last()))
                    raws.append(i);
            }
            if (raws.size() == 1) {
                owner = raws.first();
            } else {
                names.sort();
                match.unmatched.append(
                    {*sidecar, QStringLiteral("%1 share its name and %2, so it is nobody's; name it after one "
                                              "picture (%3.xmp) to have it read")
                                   .arg(names.join(QStringLiteral(", ")),
                                        raws.isEmpty() ? QStringLiteral("none is a camera RAW file")
                                                       : QStringLiteral("more than one is a camera RAW file"),
                                        names.first())});
                continue;
            }
        }
        // A picture that has its own NAME.EXT.xmp keeps it.
        const QString &picture = pictures[owner].relativePath;
        if (!match.byPicture.contains(picture))
            match.byPicture.insert(picture, *sidecar);
    }
    return match;
}

} // namespace quire::detail
