// movePictures and copyPictures on the engine's row transfers: the album
// checks the pictures and picks their free names in the destination, then
// moveRows/copyRows carry rows and files, all or none, crash-safe.

#include "quire/transfer.h"

#include "across/picture_mover.h"
#include "across/transfer_private.h"
#include "media/sidecar_match.h"

#include "quire/pictures.h"
#include "quire/registry.h"
#include "quire/session.h"

#include <QDir>
#include <QSet>

namespace quire {

namespace {

QString describe(const Album &album)
{
    return album.name().isEmpty() ? album.folder() : QStringLiteral("'%1' (%2)").arg(album.name(), album.folder());
}

QByteArray text(const QUuid &uuid)
{
    return uuid.toByteArray(QUuid::WithoutBraces);
}

// The name a picture's XMP sidecar gets when the picture is renamed from
// `path` to `name`, in the convention it follows: NAME.EXT.xmp becomes
// NEW.EXT.xmp, NAME.xmp becomes NEW.xmp (".xmp" in its own case). Empty for
// a sidecar in neither (it stays behind).
QString sidecarName(const QString &path, const QString &sidecar, const QString &name)
{
    if (!detail::isSidecarFileName(sidecar.mid(sidecar.lastIndexOf(QLatin1Char('/')) + 1)))
        return {};
    const QString suffix = sidecar.right(4);
    const QString stem = sidecar.chopped(4);
    if (stem == path)
        return name + suffix;
    auto withoutExtension = [](const QString &file) {
        const qsizetype dot = file.lastIndexOf(QLatin1Char('.'));
        return dot > file.lastIndexOf(QLatin1Char('/')) + 1 ? file.left(dot) : file;
    };
    if (stem == withoutExtension(path))
        return withoutExtension(name) + suffix;
    return {};
}

// Which pictures travel, under which names: the engine's RowTransfer plus
// what the report needs.
struct Plan {
    RowTransfer transfer;
    QList<TransferReport::Item> items;
};

// Reads the pictures in the source and picks a free name for each in the
// destination (never one a file or a row there has). Refuses unknown
// pictures, stored paths that lead out of the album, and (for a move)
// pictures the destination already holds.
Result<Plan> plan(const Album &source, const Album &destination, const QList<QUuid> &pictures, bool move)
{
    Result<Session> reader = source.read();
    if (!reader)
        return reader.error();
    Result<Session> there = destination.read();
    if (!there)
        return there.error();
    Result<Statement> byUuid = reader->connection().cached("SELECT path, sidecar_path FROM pictures WHERE uuid = ?1");
    Result<Statement> destUuid = there->connection().cached("SELECT 1 FROM pictures WHERE uuid = ?1");
    Result<Statement> destPath = there->connection().cached("SELECT 1 FROM pictures WHERE path = ?1");
    if (!byUuid || !destUuid || !destPath)
        return !byUuid ? byUuid.error() : !destUuid ? destUuid.error() : destPath.error();

    Plan result;
    result.transfer.mover = QString::fromLatin1(detail::PictureMoverName);
    QSet<QUuid> seen;
    QSet<QString> chosen;
    for (const QUuid &uuid : pictures) {
        if (seen.contains(uuid))
            continue;
        seen.insert(uuid);
        byUuid->reset();
        byUuid->bindText(1, text(uuid));
        Result<bool> row = byUuid->step();
        if (!row)
            return row.error();
        if (!*row)
            return Error(ErrorCode::NotFound, source.folder(),
                         QStringLiteral("No picture %1 is in the album.").arg(uuid.toString(QUuid::WithoutBraces)));
        const QString path = byUuid->text(0);
        if (!detail::staysInAlbum(path))
            return Error(ErrorCode::InvalidArgument, source.folder(),
                         QStringLiteral("The picture %1 has the path '%2', which leads out of the album folder "
                                        "(the album's database was changed by another program); its file is "
                                        "not touched.")
                             .arg(uuid.toString(QUuid::WithoutBraces), path));
        if (move) {
            destUuid->reset();
            destUuid->bindText(1, text(uuid));
            Result<bool> held = destUuid->step();
            if (!held)
                return held.error();
            if (*held)
                return Error(ErrorCode::AlreadyExists, destination.folder(),
                             QStringLiteral("The album already holds the picture %1 (same picture UUID).")
                                 .arg(uuid.toString(QUuid::WithoutBraces)));
        }
        // Its sidecar travels with it when it is a file of the album in one
        // of the two conventions; a sidecar read elsewhere stays.
        const QString sidecar = byUuid->isNull(1) ? QString() : byUuid->text(1);
        const bool sidecarTravels = !sidecar.isEmpty() && detail::staysInAlbum(sidecar)
            && !sidecarName(path, sidecar, path).isEmpty()
            && detail::fileExists(QDir(source.folder()).filePath(sidecar));
        auto takenThere = [&](const QString &candidate) {
            if (chosen.contains(candidate) || detail::fileExists(QDir(destination.folder()).filePath(candidate)))
                return true;
            destPath->reset();
            destPath->bind(1, candidate);
            Result<bool> used = destPath->step();
            return !used || *used;
        };
        const QString name = detail::freeName(path, [&](const QString &candidate) {
            return takenThere(candidate)
                || (sidecarTravels && takenThere(sidecarName(path, sidecar, candidate)));
        });
        const QString sidecarThere = sidecarTravels ? sidecarName(path, sidecar, name) : QString();
        chosen.insert(name);
        auto travel = [&](const QString &from, const QString &to) {
            result.transfer.files.append(from);
            if (to != from)
                result.transfer.renamedTo.insert(from, to);
        };
        // A picture whose file is gone travels as a row only, and arrives
        // marked missing.
        if (detail::fileExists(QDir(source.folder()).filePath(path)))
            travel(path, name);
        if (sidecarTravels) {
            chosen.insert(sidecarThere);
            travel(sidecar, sidecarThere);
        }
        result.transfer.keys.append(detail::pictureKey(uuid, name, sidecarThere));
        result.items.append({uuid, uuid, path, name});
    }
    return result;
}

Result<TransferReport> transfer(Registry &registry, const Album &source, const Album &destination,
                                const QList<QUuid> &pictures, RowTransferKind kind)
{
    const bool move = kind == RowTransferKind::Move;
    auto fail = [&](ErrorCode code, const QString &cause) {
        return Error(code, source.isNull() ? QString() : source.folder(),
                     QStringLiteral("%1 %2 pictures from album %3 to album %4 failed: %5")
                         .arg(move ? QStringLiteral("Moving") : QStringLiteral("Copying"))
                         .arg(pictures.size())
                         .arg(source.isNull() ? QStringLiteral("(none)") : describe(source),
                              destination.isNull() ? QStringLiteral("(none)") : describe(destination), cause));
    };
    // The engine refuses the same cases; these are checked first so that
    // their messages speak of pictures, before anything is read.
    if (source.isNull() || destination.isNull() || source.isClosed() || destination.isClosed())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("both albums must be open."));
    if (source.uuid() == destination.uuid())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("the source and the destination are the same album."));
    if (pictures.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("no pictures were given."));

    Result<Plan> planned = plan(source, destination, pictures, move);
    if (!planned) {
        const Error &e = planned.error();
        const bool ours = e.album().isEmpty() || e.album() == source.folder() || e.album() == destination.folder();
        return fail(e.code(), ours ? e.message() : e.toString());
    }
    QHash<QUuid, QUuid> copiedTo;
    const RowMover mover = detail::pictureMover(&copiedTo);
    Result<RowTransferReport> done = move ? moveRows(registry, source, destination, mover, planned->transfer)
                                          : copyRows(registry, source, destination, mover, planned->transfer);
    if (!done)
        return done.error();

    TransferReport report;
    report.transfer = done->transfer;
    report.source = done->source;
    report.destination = done->destination;
    report.items = planned->items;
    for (TransferReport::Item &item : report.items)
        item.destinationUuid = copiedTo.value(item.sourceUuid, item.sourceUuid);
    return report;
}

} // namespace

Result<TransferReport> movePictures(Registry &registry, const Album &source, const Album &destination,
                                    const QList<QUuid> &pictures)
{
    return transfer(registry, source, destination, pictures, RowTransferKind::Move);
}

Result<TransferReport> copyPictures(Registry &registry, const Album &source, const Album &destination,
                                    const QList<QUuid> &pictures)
{
    return transfer(registry, source, destination, pictures, RowTransferKind::Copy);
}

} // namespace quire
