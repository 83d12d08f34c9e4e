#pragma once
// IndexKeeper: builds the workspace index (quire/workspace_index.h) for
// the window and keeps it current, off the GUI thread, with progress: once
// at start and again when asked (after a scan, say). Each search brings the
// index up to date with what changed on its own; the keeper does the long
// work (the first build of a large workspace) before a person searches,
// on the very index the searches share (quire::refreshSearchIndex). While
// it runs, searches still give complete answers: they search the albums.
//
// Destroying the keeper cancels a refresh and waits for it. Thread safety:
// a keeper is used on the thread that made it.

#include <quire/error.h>

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace quire {
class Registry;
}

namespace quire::ui {

class Background;

class IndexKeeper : public QObject
{
    Q_OBJECT
public:
    explicit IndexKeeper(Registry &registry, QObject *parent = nullptr);
    ~IndexKeeper() override;

    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    // Starts bringing the index up to date (making it when missing, anew
    // when it cannot be trusted); nothing when a refresh is running.
    void refresh();

Q_SIGNALS:
    // Albums looked at so far, of all: at most about a hundred times a refresh.
    void progress(int albumsDone, int albumsTotal);
    // The refresh ended: what a person may want to know ("made anew: ...",
    // albums that could not be read), empty when there is nothing to say.
    void finished(const QString &message);

private:
    Registry &m_registry;
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_busy = false;
    Background *m_background = nullptr; // last member: destroyed first, waiting for the work
};

} // namespace quire::ui
