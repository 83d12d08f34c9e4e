#pragma once
// The verbs quirectl runs, and what each one is given to run with.
// album_commands.cpp: create, info, check, repair
// picture_commands.cpp: pictures
// import_commands.cpp: import, duplicates
// tag_commands.cpp: tag, untag
// set_commands.cpp: set (title, description, rating, label, pick), sidecars
// registry_commands.cpp: open, close, forget, list, scan, migrate, stats
// search_commands.cpp: find, index, locate
// transfer_commands.cpp: move-pictures, copy-pictures, recover
// move_commands.cpp: move (and the folder part of recover)
// folder_commands.cpp: copy, rename, delete

#include "arguments.h"
#include "output.h"

#include <quire/quire.h>
#include <quire/picture.h>

#include <QJsonArray>
#include <QJsonObject>

namespace quire {
class Registry;
}

namespace quirectl {

struct Context {
    quire::Registry &registry;
    const Arguments &arguments;
    Output &output;
};

int runCreate(Context &context);
int runInfo(Context &context);
int runCheck(Context &context);
int runRepair(Context &context);
int runImport(Context &context);
int runPictures(Context &context);
int runDuplicates(Context &context);
int runTag(Context &context);
int runUntag(Context &context);
int runSet(Context &context);
int runSidecars(Context &context);
int runOpen(Context &context);
int runClose(Context &context);
int runForget(Context &context);
int runList(Context &context);
int runScan(Context &context);
int runMigrate(Context &context);
int runStats(Context &context);
int runFind(Context &context);
int runIndex(Context &context);
int runLocate(Context &context);
int runMovePictures(Context &context);
int runCopyPictures(Context &context);
int runRecover(Context &context);
int runMove(Context &context);
int runCopy(Context &context);
int runRename(Context &context);
int runDelete(Context &context);
int runQuery(Context &context);
// Finishes or undoes interrupted folder moves for `recover`; false when one is left pending.
bool recoverFolders(Context &context, QJsonArray &json, QString &text);

// The album named by the first positional argument (a folder or a UUID).
quire::Result<quire::Album> albumArgument(Context &context);

// One picture as `pictures` shows it, with its tags as paths.
QJsonObject pictureJson(const quire::Picture &picture, const QStringList &tagPaths);
QString pictureLine(const quire::Picture &picture, const QStringList &tagPaths);

} // namespace quirectl
