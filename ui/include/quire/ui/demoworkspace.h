#pragma once
// The demo workspace: a few generated albums for a first start, so a new
// user sees a working app at once (also `quire --demo`). Drawn pictures
// are saved as JPEG files dated by their file times, imported like any
// photos (importPictures: rows, thumbnails, hashes), then tagged and rated.

#include <quire/error.h>

#include <QList>
#include <QString>
#include <QUuid>

#include <functional>

namespace quire {
class Registry;
}

namespace quire::ui {

struct DemoReport {
    QList<QUuid> albums;
    int pictures = 0;
};

// Where the demo albums go for a workspace: "<workspace>/Demo albums".
QString demoFolder(const Registry &registry);

// Makes the demo albums under parentFolder and registers them. An album
// already there is kept as it is. progress(done, total) may return false
// to cancel. Runs on any thread.
Result<DemoReport> makeDemoWorkspace(Registry &registry, const QString &parentFolder,
                                     const std::function<bool(int done, int total)> &progress = {});

} // namespace quire::ui
