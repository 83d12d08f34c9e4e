#include "tenant/connection_budget.h"

#include "tenant/tenant_private.h"

namespace quire {

ConnectionBudget::ConnectionBudget(int cap, std::chrono::milliseconds closeIdleAfter)
    : m_cap(std::max(2, cap)), m_closeIdleAfter(closeIdleAfter)
{
}

Result<void> ConnectionBudget::reserve(const QString &album, std::chrono::steady_clock::time_point deadline,
                                       bool *evicted)
{
    std::unique_lock lock(m_mutex);
    if (evicted)
        *evicted = false;
    for (;;) {
        if (m_open < m_cap) {
            ++m_open;
            m_peak = std::max(m_peak, m_open);
            return {};
        }
        // Evict from the least recently used album that still has an idle
        // connection.
        std::shared_ptr<TenantPrivate> victim;
        while (!m_lru.empty() && !victim) {
            victim = m_lru.front().lock();
            if (!victim) {
                m_lru.pop_front(); // the album is gone; its connections were released
                continue;
            }
        }
        if (victim) {
            const TenantPrivate *key = victim.get();
            lock.unlock();
            const TenantPrivate::Eviction eviction = victim->evictIdle();
            // Dropped unlocked: if this was the album's last handle, its
            // destructor calls release() and forget().
            victim.reset();
            lock.lock();
            if (eviction.closed) {
                --m_open;
                ++m_evictions;
                if (evicted)
                    *evicted = true;
            }
            if (eviction.idleLeft == 0) {
                // Nothing more to take there until it is used again.
                const auto it = m_where.find(key);
                if (it != m_where.end()) {
                    m_lru.erase(it->second);
                    m_where.erase(it);
                }
            }
            continue;
        }
        if (m_freed.wait_until(lock, deadline) == std::cv_status::timeout && m_open >= m_cap) {
            return Error(ErrorCode::Busy, album,
                         QStringLiteral("All %1 database connections Quire may keep open are in use "
                                        "by running sessions; try again when some have finished, or "
                                        "raise the connection limit.")
                             .arg(m_cap));
        }
    }
}

void ConnectionBudget::release(int count)
{
    if (count <= 0)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_open -= count;
    }
    m_freed.notify_all();
}

void ConnectionBudget::touch(const std::shared_ptr<TenantPrivate> &album, bool openedByEviction)
{
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<TenantPrivate>> sweep;
    {
        std::lock_guard lock(m_mutex);
        // Bimodal insertion (see the header): mostly at the cold end when
        // the connection cost another album its own.
        const bool cold = openedByEviction && ++m_coldInserts % ColdInsertPeriod != 0;
        const auto where = cold ? m_lru.begin() : m_lru.end();
        const auto it = m_where.find(album.get());
        if (it != m_where.end())
            m_lru.splice(where, m_lru, it->second);
        else
            m_where.emplace(album.get(), m_lru.insert(where, album));
        if (now - m_lastSweep >= std::chrono::seconds(1)) {
            m_lastSweep = now;
            for (const auto &weak : m_lru) {
                if (auto candidate = weak.lock(); candidate && candidate != album)
                    sweep.push_back(std::move(candidate));
            }
        }
    }
    // A waiter may now evict this album's idle connection.
    m_freed.notify_all();
    // Outside the lock: albums take their own mutex (and may call release()).
    const auto never = std::chrono::steady_clock::time_point::min();
    const auto closeBefore = m_closeIdleAfter.count() > 0 ? now - m_closeIdleAfter : never;
    for (const auto &candidate : sweep)
        candidate->sweepIdle(now - IdleAfter, closeBefore);
}

void ConnectionBudget::forget(const TenantPrivate *album)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_where.find(album);
    if (it != m_where.end()) {
        m_lru.erase(it->second);
        m_where.erase(it);
    }
}

int ConnectionBudget::open() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

int ConnectionBudget::peak() const
{
    std::lock_guard lock(m_mutex);
    return m_peak;
}

qint64 ConnectionBudget::evictions() const
{
    std::lock_guard lock(m_mutex);
    return m_evictions;
}

} // namespace quire
