#include "quire/ui/indexkeeper.h"

#include "quire/ui/background.h"
#include "wording.h"

#include <quire/workspace_index.h>


namespace quire::ui {

IndexKeeper::IndexKeeper(Registry &registry, QObject *parent)
    : QObject(parent), m_registry(registry), m_cancel(std::make_shared<std::atomic_bool>(false)),
      m_background(new Background(1, this))
{
}

IndexKeeper::~IndexKeeper()
{
    m_cancel->store(true);
    m_background->waitForDone();
}

void IndexKeeper::refresh()
{
    if (m_busy)
        return;
    m_busy = true;
    struct Outcome {
        QString message;
    };
    Registry &registry = m_registry;
    std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    // The work may name this keeper: its destructor waits for the work.
    m_background->run(
        this,
        [this, &registry, cancel] {
            Outcome out;
            int lastPercent = -1;
            // The index the window's searches use, not one of its own: the
            // albums are read once, and the next search finds it warm.
            Result<IndexRefresh> done = refreshSearchIndex(
                registry,
                [this, &lastPercent](int albumsDone, int albumsTotal) {
                    const int percent = albumsTotal > 0 ? albumsDone * 100 / albumsTotal : 100;
                    if (percent == lastPercent)
                        return;
                    lastPercent = percent;
                    QMetaObject::invokeMethod(
                        this, [this, albumsDone, albumsTotal] { Q_EMIT progress(albumsDone, albumsTotal); },
                        Qt::QueuedConnection);
                },
                cancel.get(), &out.message);
            if (!done) {
                out.message = tr("The workspace index cannot be brought up to date: %1").arg(done.error().message());
            } else if (!done->failedAlbums.isEmpty()) {
                QStringList names;
                for (const Error &error : std::as_const(done->failedAlbums))
                    names.append(error.album());
                const QString failed = tr("%1 could not be indexed: %2.")
                                           .arg(counted(names.size(), "album", "albums"), names.join(QStringLiteral(", ")));
                out.message = out.message.isEmpty() ? failed : out.message + QLatin1Char(' ') + failed;
            }
            return out;
        },
        [this](Outcome out) {
            m_busy = false;
            Q_EMIT finished(out.message);
        });
}

} // namespace quire::ui
