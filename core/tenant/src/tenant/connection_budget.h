#pragma once
// ConnectionBudget: the cap on SQLite connections a Registry keeps open
// across all its albums. When a new connection would pass the cap, the
// least recently used album gives up an idle connection; a leased one is
// never closed (activerecord-tenanted's reaper does not check this).
//
// Lock order: an album never calls the budget while holding its own mutex,
// and the budget never calls an album while holding its own, so the two
// mutexes never nest.

#include "quire/error.h"

#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace quire {

class TenantPrivate;

class ConnectionBudget
{
public:
    // `closeIdleAfter`: albums unused for that long close their idle
    // connections in the sweep below (zero: never).
    explicit ConnectionBudget(int cap, std::chrono::milliseconds closeIdleAfter = {});

    // Takes one slot for a connection about to open, evicting idle
    // connections of the least recently used albums when at the cap.
    // Waits for a slot until `deadline` when every connection is leased.
    // `evicted`, when given, is set when the slot was taken from another
    // album (the budget is under pressure: more albums in use than fit).
    Result<void> reserve(const QString &album, std::chrono::steady_clock::time_point deadline,
                         bool *evicted = nullptr);
    // Gives back slots of connections that were closed.
    void release(int count = 1);
    // The album has idle connections and was just used. At most once a
    // second this also sweeps the albums unused for idleAfter and has them
    // give back their memory (page cache, statement cache, extra readers),
    // and the albums unused for closeIdleAfter close their idle connections.
    //
    // `openedByEviction`: the album's connection was opened by evicting
    // another album's. It then goes to the cold end of the LRU, not the
    // warm one (except one time in ColdInsertPeriod), so that a fan-out
    // over more albums than the cap does not flush the whole LRU each pass.
    // Plain LRU does: a search over 5,000 albums with a cap of 4,096
    // evicted, for every album, the one the next search would need first,
    // and reopened all 5,000 each time (W3-warm, 19x raw). The albums that
    // fit stay open now and only those past the cap are reopened. An album
    // used again before it is evicted moves to the warm end as before.
    void touch(const std::shared_ptr<TenantPrivate> &album, bool openedByEviction = false);
    static constexpr int ColdInsertPeriod = 32;

    static constexpr std::chrono::seconds IdleAfter{5};
    void forget(const TenantPrivate *album);

    int cap() const { return m_cap; }
    int open() const;
    int peak() const;
    qint64 evictions() const;

private:
    const int m_cap;
    const std::chrono::milliseconds m_closeIdleAfter;
    mutable std::mutex m_mutex;
    std::condition_variable m_freed;
    int m_open = 0;
    int m_peak = 0;
    qint64 m_evictions = 0;
    std::chrono::steady_clock::time_point m_lastSweep;
    int m_coldInserts = 0;
    // Front: least recently used.
    std::list<std::weak_ptr<TenantPrivate>> m_lru;
    std::unordered_map<const TenantPrivate *, std::list<std::weak_ptr<TenantPrivate>>::iterator> m_where;
};

// A slot held for a connection that lives only for a moment (reading a
// database file alone to compare its UUID with its log's, peeking at a
// folder's UUID): it counts against the cap like any other, so that a
// registry at its cap never has more connections open than the cap says.
// Reserved on take(), given back when the BudgetSlot goes.
class BudgetSlot
{
public:
    BudgetSlot(BudgetSlot &&other) noexcept : m_budget(other.m_budget) { other.m_budget = nullptr; }
    BudgetSlot &operator=(BudgetSlot &&) = delete;
    ~BudgetSlot()
    {
        if (m_budget)
            m_budget->release();
    }
    // Without a budget (a tenant opened outside a registry), nothing to hold.
    static Result<BudgetSlot> take(ConnectionBudget *budget, const QString &folder, std::chrono::milliseconds wait)
    {
        if (budget) {
            if (auto r = budget->reserve(folder, std::chrono::steady_clock::now() + wait); !r)
                return r.error();
        }
        return BudgetSlot(budget);
    }

private:
    explicit BudgetSlot(ConnectionBudget *budget) : m_budget(budget) {}
    ConnectionBudget *m_budget = nullptr;
};

} // namespace quire
