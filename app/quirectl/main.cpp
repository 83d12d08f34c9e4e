// quirectl: scripts Quire's albums from the command line.
// This file holds the verb table and the dispatch; each verb lives in the
// *_commands.cpp file of its group.

#include "arguments.h"
#include "commands.h"
#include "format_file.h"
#include "output.h"

#include <quire/album_folders.h>
#include <quire/album_registry.h>
#include <quire/process_tuning.h>

#include <QCoreApplication>
#include <QJsonObject>

#include <cstdio>
#include <memory>

namespace {

using quirectl::VerbSpec;

QList<VerbSpec> verbs()
{
    const QString album = QStringLiteral("ALBUM");
    return {
        {QStringLiteral("create"), QStringLiteral("FOLDER [--name NAME]"),
         QStringLiteral("make FOLDER an album and print its UUID"), 1, 1,
         {QStringLiteral("--name")}, {}, &quirectl::runCreate},
        {QStringLiteral("info"), album,
         QStringLiteral("show the album's identity, format and counts"), 1, 1, {}, {},
         &quirectl::runInfo},
        {QStringLiteral("import"), QStringLiteral("ALBUM [--from DIR] [--rescan]"),
         QStringLiteral("add the album folder's photos with metadata and thumbnails (or copy DIR's in first); "
                        "--rescan: also re-read changed files, mark vanished ones missing, find renamed ones"),
         1, 1, {QStringLiteral("--from")}, {}, &quirectl::runImport, {QStringLiteral("--rescan")}},
        {QStringLiteral("duplicates"), QStringLiteral("[--album ALBUM]..."),
         QStringLiteral("list pictures with the same content, within and across albums (all, or these)"),
         0, 0, {QStringLiteral("--album")}, {QStringLiteral("--album")}, &quirectl::runDuplicates},
        {QStringLiteral("pictures"), QStringLiteral("ALBUM [--tag TAG]..."),
         QStringLiteral("list the pictures (carrying every TAG given)"), 1, 1,
         {QStringLiteral("--tag")}, {QStringLiteral("--tag")}, &quirectl::runPictures},
        {QStringLiteral("tag"), QStringLiteral("ALBUM PICTURE TAG..."),
         QStringLiteral("attach tags (made when missing) to a picture, given by UUID or path"),
         3, -1, {}, {}, &quirectl::runTag},
        {QStringLiteral("untag"), QStringLiteral("ALBUM PICTURE TAG..."),
         QStringLiteral("detach tags from a picture, given by UUID or path"), 3, -1, {}, {},
         &quirectl::runUntag},
        {QStringLiteral("set"),
         QStringLiteral("ALBUM PICTURE [--title T] [--description D] [--rating N] [--label NAME] [--pick STATE]"),
         QStringLiteral("set a picture's title, description, rating (0-5), colour label and pick, all or none"), 2, 2,
         {QStringLiteral("--title"), QStringLiteral("--description"), QStringLiteral("--rating"),
          QStringLiteral("--label"), QStringLiteral("--pick")},
         {}, &quirectl::runSet},
        {QStringLiteral("sidecars"), QStringLiteral("ALBUM [--write-back on|off]"),
         QStringLiteral("show (or set) whether the album writes tags, rating, pick, label, title and description "
                        "back to each picture's NAME.EXT.xmp sidecar after every edit (off by default)"),
         1, 1, {QStringLiteral("--write-back")}, {}, &quirectl::runSidecars},
        {QStringLiteral("check"), QStringLiteral("ALBUM | --all"),
         QStringLiteral("check the album's (or every known album's) integrity and schema; exit 1 on problems"),
         0, 1, {}, {}, &quirectl::runCheck, {QStringLiteral("--all")}},
        {QStringLiteral("repair"), album,
         QStringLiteral("salvage a damaged album into a new database; the original is kept in .quire/damaged-*"),
         1, 1, {}, {}, &quirectl::runRepair},
        {QStringLiteral("open"), QStringLiteral("FOLDER... [--as-copy]"),
         QStringLiteral("open albums into the workspace; --as-copy: a copy gets a new UUID"),
         1, -1, {}, {}, &quirectl::runOpen, {QStringLiteral("--as-copy")}},
        {QStringLiteral("close"), album,
         QStringLiteral("close the album after its sessions end; the workspace keeps it"),
         1, 1, {}, {}, &quirectl::runClose},
        {QStringLiteral("forget"), album,
         QStringLiteral("remove the album from the workspace (by UUID when missing); files stay"),
         1, 1, {}, {}, &quirectl::runForget},
        {QStringLiteral("list"), QString(),
         QStringLiteral("list the workspace's albums with state, last seen and problem"),
         0, 0, {}, {}, &quirectl::runList},
        {QStringLiteral("scan"), QStringLiteral("DIR"),
         QStringLiteral("find albums under DIR: add new, follow moved, mark vanished missing"),
         1, 1, {}, {}, &quirectl::runScan},
        {QStringLiteral("migrate"), QStringLiteral("--all [--dry-run]"),
         QStringLiteral("upgrade every known album after a backup; exit 1 if one fails"),
         0, 0, {}, {}, &quirectl::runMigrate, {QStringLiteral("--all"), QStringLiteral("--dry-run")},
         {QStringLiteral("--all")}},
        {QStringLiteral("move-pictures"), QStringLiteral("SRC DST PICTURE..."),
         QStringLiteral("move pictures (UUID or path in SRC) to album DST: all or none, crash-safe"),
         3, -1, {}, {}, &quirectl::runMovePictures},
        {QStringLiteral("copy-pictures"), QStringLiteral("SRC DST PICTURE..."),
         QStringLiteral("copy pictures to album DST (new UUIDs there): all or none, crash-safe"),
         3, -1, {}, {}, &quirectl::runCopyPictures},
        {QStringLiteral("recover"), QStringLiteral("[FOLDER...]"),
         QStringLiteral("finish or undo interrupted transfers and folder moves in all known albums (or these)"),
         0, -1, {}, {}, &quirectl::runRecover},
        {QStringLiteral("move"), QStringLiteral("ALBUM DEST"),
         QStringLiteral("move the album's folder to DEST (a new folder), even across file systems; crash-safe"),
         2, 2, {}, {}, &quirectl::runMove},
        {QStringLiteral("copy"), QStringLiteral("ALBUM DEST"),
         QStringLiteral("copy the album to the new folder DEST (a new UUID, named \"NAME (copy)\"), even while in use"),
         2, 2, {}, {}, &quirectl::runCopy},
        {QStringLiteral("rename"), QStringLiteral("ALBUM NEW_NAME [--keep-folder]"),
         QStringLiteral("rename the album's folder and name (--keep-folder: the name only)"),
         2, 2, {}, {}, &quirectl::runRename, {QStringLiteral("--keep-folder")}},
        {QStringLiteral("delete"), QStringLiteral("ALBUM [--permanently]"),
         QStringLiteral("move the album's folder to the trash (or remove it) and forget the album"),
         1, 1, {}, {}, &quirectl::runDelete, {QStringLiteral("--permanently")}},
        {QStringLiteral("query"), QStringLiteral("SQL [--order-by COL[ desc],...] [--limit N] [--tenant T]..."),
         QStringLiteral("run one SELECT on every tenant (or each T), merged by the order keys"),
         1, 1, {QStringLiteral("--order-by"), QStringLiteral("--limit"), QStringLiteral("--tenant")},
         {QStringLiteral("--order-by"), QStringLiteral("--tenant")}, &quirectl::runQuery},
        {QStringLiteral("stats"), QString(),
         QStringLiteral("show albums, connections, file descriptors and SQLite memory in use"),
         0, 0, {}, {}, &quirectl::runStats},
        {QStringLiteral("find"),
         QStringLiteral("[--tag T]... [--any-tag] [--from DATE] [--to DATE] [--rating N] [--label NAME] "
                        "[--pick picked|rejected|none] [--text S] "
                        "[--word W]... [--album ALBUM]... [--sort taken|-taken|path] [--limit N]"),
         QStringLiteral("search every album (or each ALBUM), from the workspace index when there is one; "
                        "newest first, 100 at most by default"),
         0, 0,
         {QStringLiteral("--tag"), QStringLiteral("--from"), QStringLiteral("--to"),
          QStringLiteral("--rating"), QStringLiteral("--label"), QStringLiteral("--pick"), QStringLiteral("--text"),
          QStringLiteral("--word"), QStringLiteral("--album"),
          QStringLiteral("--sort"), QStringLiteral("--limit")},
         {QStringLiteral("--tag"), QStringLiteral("--word"), QStringLiteral("--album")}, &quirectl::runFind,
         {QStringLiteral("--any-tag")}},
        {QStringLiteral("index"), QStringLiteral("[--rebuild]"),
         QStringLiteral("build or bring up to date the workspace index that find answers from"),
         0, 0, {}, {}, &quirectl::runIndex, {QStringLiteral("--rebuild")}},
        {QStringLiteral("locate"), QStringLiteral("PICTURE_UUID"),
         QStringLiteral("list the albums that hold the picture with this UUID"), 1, 1, {}, {},
         &quirectl::runLocate},
    };
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything uses SQLite: more descriptors (as servers do), SQLite's
    // memory counting off and a heap that keeps what queries free
    // (process_tuning.h says why each).
    quire::tuneProcess();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("quirectl"));
    QCoreApplication::setOrganizationName(QStringLiteral("Quire"));

    const QList<VerbSpec> table = verbs();
    const quirectl::ParsedArguments parsed =
        quirectl::parseArguments(QCoreApplication::arguments().mid(1), table);
    quirectl::Output output(parsed.arguments.json);
    if (!parsed.error.isEmpty())
        return output.usageError(parsed.error, quirectl::usageText(table));
    if (parsed.arguments.help) {
        output.result(QJsonObject{{QStringLiteral("usage"), quirectl::usageText(table)}},
                      quirectl::usageText(table));
        return quirectl::ExitOk;
    }

    const QString workspace = parsed.arguments.workspace.isEmpty()
        ? quire::Registry::defaultWorkspace()
        : parsed.arguments.workspace;
    // --format: the tenants of another program. Only the engine's verbs
    // apply to them; the album's (pictures, tags, import, search, picture
    // transfers) need albums.
    std::unique_ptr<quire::Registry> owned;
    if (!parsed.arguments.formatFile.isEmpty()) {
        static const QStringList engineVerbs{
            QStringLiteral("create"), QStringLiteral("open"), QStringLiteral("close"), QStringLiteral("forget"),
            QStringLiteral("list"), QStringLiteral("scan"), QStringLiteral("check"), QStringLiteral("repair"),
            QStringLiteral("migrate"), QStringLiteral("copy"), QStringLiteral("move"), QStringLiteral("rename"),
            QStringLiteral("delete"), QStringLiteral("recover"), QStringLiteral("stats"), QStringLiteral("query")};
        if (!engineVerbs.contains(parsed.arguments.verb->name)) {
            return output.usageError(QStringLiteral("'%1' works on albums only, not with --format")
                                         .arg(parsed.arguments.verb->name),
                                     quirectl::usageText(table));
        }
        quire::Result<quire::TenantFormat> format = quirectl::readFormatFile(parsed.arguments.formatFile);
        if (!format)
            return output.usageError(format.error().message(), quirectl::usageText(table));
        owned = std::make_unique<quire::Registry>(*format, workspace);
    } else {
        owned = std::make_unique<quire::AlbumRegistry>(workspace);
    }
    quire::Registry &registry = *owned;
    quirectl::Context context{registry, parsed.arguments, output};
    // Every start finishes or undoes the folder moves and copies a crash
    // interrupted (those the workspace recorded; `recover` also looks at
    // the folders it is given, and reports).
    if (parsed.arguments.verb->name != QLatin1String("recover")) {
        if (const auto recovered = quire::recoverFolderOperations(registry, {}); recovered) {
            for (const quire::FolderRecoveryReport::Entry &e : recovered->entries) {
                std::fprintf(stderr, "quirectl: recovered an interrupted folder operation: %s: %s (%s)\n",
                             qPrintable(e.folder), qPrintable(quire::folderRecoveryOutcomeName(e.outcome)),
                             qPrintable(e.message));
            }
        }
    }
    return parsed.arguments.verb->run(context);
}
