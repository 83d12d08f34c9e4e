#include "importer.h"

#include <quire/pictures.h>
#include <quire/session.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>

namespace quirectl {

namespace {

const QString QuireFolder = QStringLiteral(".quire");

// The image files under `root`, as sorted paths relative to it. Skips every
// .quire folder (an album's own database, and any album nested inside),
// the folders in `excluded` (canonical paths), and symbolic links to
// folders, which could lead in circles.
void collectImages(const QDir &dir, const QString &prefix, const QSet<QString> &excluded,
                   QStringList &found)
{
    const QFileInfoList entries = dir.entryInfoList(
        QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &entry : entries) {
        const QString relative = prefix + entry.fileName();
        if (entry.isDir()) {
            if (entry.fileName() == QuireFolder || entry.isSymLink()
                || excluded.contains(entry.canonicalFilePath())) {
                continue;
            }
            collectImages(QDir(entry.filePath()), relative + QLatin1Char('/'), excluded, found);
        } else if (Importer::isImageFile(entry.fileName())) {
            found.append(relative);
        }
    }
}

bool isInside(const QString &path, const QString &folder)
{
    return path.startsWith(folder + QLatin1Char('/'));
}

} // namespace

bool Importer::isImageFile(const QString &fileName)
{
    static const QSet<QString> suffixes{
        QStringLiteral("jpg"),  QStringLiteral("jpeg"), QStringLiteral("png"),
        QStringLiteral("tif"),  QStringLiteral("tiff"), QStringLiteral("webp"),
        QStringLiteral("heic"), QStringLiteral("heif"), QStringLiteral("gif"),
        QStringLiteral("bmp")};
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot > 0 && suffixes.contains(fileName.mid(dot + 1).toLower());
}

quire::Error Importer::error(quire::ErrorCode code, const QString &message) const
{
    return quire::Error(code, m_album.folder(), message);
}

quire::Result<ImportSummary> Importer::run()
{
    const QString albumFolder = m_album.folder();
    QString root = albumFolder;
    QSet<QString> excluded;
    if (!m_source.isEmpty()) {
        const QFileInfo source(m_source);
        const QString shown = QDir::cleanPath(source.absoluteFilePath());
        if (!source.exists())
            return error(quire::ErrorCode::NotFound,
                         QStringLiteral("The folder to import from, %1, does not exist.").arg(shown));
        if (!source.isDir())
            return error(quire::ErrorCode::InvalidArgument,
                         QStringLiteral("%1 is a file; import --from takes a folder.").arg(shown));
        root = source.canonicalFilePath();
        // When the album lies inside the source folder, its pictures are
        // not copied into itself again.
        excluded.insert(albumFolder);
    }

    quire::Result<quire::Session> session = m_album.write();
    if (!session)
        return session.error();
    quire::Pictures pictures = session->pictures();

    QSet<QString> inAlbum;
    {
        const quire::Result<QList<quire::Picture>> existing = pictures.query();
        if (!existing)
            return existing.error();
        for (const quire::Picture &picture : *existing)
            inAlbum.insert(picture.path);
    }

    QStringList candidates;
    collectImages(QDir(root), QString(), excluded, candidates);

    ImportSummary summary;
    QList<quire::Picture> batch;
    QStringList copiedInBatch; // removed again when the batch cannot be added
    auto flush = [&]() -> quire::Result<void> {
        if (batch.isEmpty())
            return {};
        if (auto added = pictures.add(batch); !added) {
            for (const QString &copy : std::as_const(copiedInBatch))
                QFile::remove(copy);
            quire::Error failure = added.error();
            if (summary.added > 0) {
                failure = quire::Error(failure.code(), failure.album(),
                                       QStringLiteral("%1 (%2 pictures were added before this.)")
                                           .arg(failure.message())
                                           .arg(summary.added),
                                       failure.sqliteCode());
            }
            return failure.album().isEmpty() ? failure.withAlbum(albumFolder) : failure;
        }
        summary.added += int(batch.size());
        batch.clear();
        copiedInBatch.clear();
        return {};
    };

    for (const QString &candidate : std::as_const(candidates)) {
        const quire::Result<QString> path = quire::Pictures::normalisedPath(candidate);
        if (!path) {
            ++summary.skipped;
            summary.warnings.append(QStringLiteral("%1: not added: %2").arg(candidate, path.error().message()));
            continue;
        }
        if (inAlbum.contains(*path)) {
            ++summary.skipped;
            continue;
        }
        const QString target = QDir(albumFolder).filePath(*path);
        if (!m_source.isEmpty()) {
            const QString from = QDir(root).filePath(candidate);
            const QFileInfo targetInfo(target);
            if (targetInfo.exists() || targetInfo.isSymLink()) {
                if (targetInfo.canonicalFilePath() != QFileInfo(from).canonicalFilePath()) {
                    ++summary.skipped;
                    summary.warnings.append(
                        QStringLiteral("%1: not copied: a different file is already at this path in "
                                       "the album folder, and import never overwrites one")
                            .arg(*path));
                    continue;
                }
                // The source is the album's own file: add it where it is.
            } else {
                QFile file(from);
                if (!QDir().mkpath(targetInfo.absolutePath()) || !file.copy(target)) {
                    ++summary.skipped;
                    summary.warnings.append(QStringLiteral("%1: not copied: %2")
                                                .arg(*path, file.errorString()));
                    continue;
                }
                copiedInBatch.append(target);
            }
        } else {
            const QFileInfo info(target);
            if (info.isSymLink() && !isInside(info.canonicalFilePath(), albumFolder)) {
                ++summary.skipped;
                summary.warnings.append(
                    QStringLiteral("%1: not added: a symbolic link to a file outside the album folder")
                        .arg(*path));
                continue;
            }
        }

        quire::Picture picture;
        picture.path = *path;
        picture.fileSize = QFileInfo(target).size();
        QImageReader reader(target);
        const QSize size = reader.size(); // from the header: nothing is decoded
        if (size.isValid()) {
            picture.width = size.width();
            picture.height = size.height();
        } else {
            summary.warnings.append(
                QStringLiteral("%1: added without a pixel size: it cannot be read (%2)")
                    .arg(*path, reader.errorString()));
        }
        batch.append(picture);
        inAlbum.insert(*path);
        if (batch.size() >= BatchSize) {
            if (auto r = flush(); !r)
                return r.error();
        }
    }
    if (auto r = flush(); !r)
        return r.error();
    return summary;
}

} // namespace quirectl
