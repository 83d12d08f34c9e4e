#pragma once
// Background: runs core calls off the GUI thread and hands their results
// back on it.
//
// run(context, work, done) runs work() on the object's own thread pool and
// then done(result) on context's thread, through a queued call. Destroying a
// Background waits for the work still running, so an owner that destroys its
// Background first (or calls waitForDone()) knows that no work touches the
// registry or its members afterwards, and that no done() arrives for an
// object already gone (Qt drops queued calls to deleted objects).
//
// Thread safety: run() is called on context's thread; work runs on a pool
// thread and must only use thread-safe objects (the core's are).

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <memory>
#include <type_traits>
#include <utility>

namespace quire::ui {

class Background : public QObject
{
    Q_OBJECT
public:
    explicit Background(int maxThreads = 2, QObject *parent = nullptr) : QObject(parent)
    {
        m_pool.setMaxThreadCount(maxThreads);
    }
    ~Background() override { waitForDone(); }

    QThreadPool *pool() { return &m_pool; }
    // Drops work not started yet, then waits for the running work.
    void waitForDone()
    {
        m_pool.clear();
        m_pool.waitForDone();
    }
    // Drops the work not started yet (its done() never comes).
    void dropQueued() { m_pool.clear(); }

    template <typename Work, typename Done>
    void run(QObject *context, Work work, Done done, int priority = 0)
    {
        using R = std::invoke_result_t<Work &>;
        // std::function (which QThreadPool takes) wants copyable callables;
        // the shared state keeps move-only results possible.
        auto state = std::make_shared<std::pair<Work, Done>>(std::move(work), std::move(done));
        m_pool.start(
            [context, state] {
                auto result = std::make_shared<R>(state->first());
                QMetaObject::invokeMethod(
                    context, [state, result] { state->second(std::move(*result)); }, Qt::QueuedConnection);
            },
            priority);
    }

private:
    QThreadPool m_pool;
};

} // namespace quire::ui
