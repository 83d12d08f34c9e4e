// fanOut: one SELECT on many tenants at once, merged by its ORDER BY keys.

#include "quire/fanout.h"

#include "quire/registry.h"
#include "quire/session.h"

#include <QMutex>
#include <QSet>
#include <QThreadPool>
#include <QWaitCondition>

#include <algorithm>

namespace quire {

namespace {

// SQLite's order of storage classes: NULL, numbers, text, blobs.
int storageRank(const QVariant &v)
{
    if (v.isNull())
        return 0;
    switch (v.metaType().id()) {
    case QMetaType::LongLong:
    case QMetaType::Double:
    case QMetaType::Int:
    case QMetaType::Bool:
        return 1;
    case QMetaType::QByteArray:
        return 3;
    default:
        return 2;
    }
}

int compareValues(const QVariant &a, const QVariant &b)
{
    const int ra = storageRank(a), rb = storageRank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    switch (ra) {
    case 0:
        return 0;
    case 1:
        if (a.metaType().id() == QMetaType::LongLong && b.metaType().id() == QMetaType::LongLong) {
            const qint64 x = a.toLongLong(), y = b.toLongLong();
            return x < y ? -1 : (x > y ? 1 : 0);
        } else {
            const double x = a.toDouble(), y = b.toDouble();
            return x < y ? -1 : (x > y ? 1 : 0);
        }
    case 3: {
        const QByteArray x = a.toByteArray(), y = b.toByteArray();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    default:
        // BINARY collation: UTF-8 bytes, which orders as UTF-16 code
        // points do for everything outside the surrogate range.
        return QString::compare(a.toString(), b.toString(), Qt::CaseSensitive);
    }
}

struct Key {
    int column = 0;
    bool descending = false;
};

// True when a comes before b in the merged order.
bool before(const QList<Key> &keys, const FanOutRow &a, const FanOutRow &b)
{
    for (const Key &key : keys) {
        const int c = compareValues(a.values.value(key.column), b.values.value(key.column));
        if (c != 0)
            return key.descending ? c > 0 : c < 0;
    }
    return false;
}

struct Target {
    QUuid uuid;
    QString folder;
};

class FanOut
{
public:
    FanOut(Registry &registry, const FanOutQuery &query, int tenants)
        : m_registry(registry), m_query(query), m_total(tenants), m_remaining(tenants)
    {
    }

    void run(const QList<Target> &targets)
    {
        QThreadPool *pool = m_query.pool ? m_query.pool : QThreadPool::globalInstance();
        for (const Target &target : targets)
            pool->start([this, target] { visit(target); });
        QMutexLocker lock(&m_mutex);
        while (m_remaining > 0)
            m_allDone.wait(&m_mutex);
    }

    FanOutResult take() { return std::move(m_result); }
    const Error &fatal() const { return m_fatal; }

private:
    bool cancelled() const
    {
        return m_stop.load() || (m_query.cancel && m_query.cancel->load());
    }

    void visit(const Target &target)
    {
        QList<FanOutRow> rows;
        QStringList columns;
        Error failure;
        if (!cancelled())
            failure = read(target, rows, columns);
        QMutexLocker lock(&m_mutex);
        if (cancelled() && failure.code() == ErrorCode::Ok && rows.isEmpty()) {
            m_result.cancelled = true;
        } else if (failure.code() != ErrorCode::Ok) {
            if (failure.code() == ErrorCode::Cancelled)
                m_result.cancelled = true;
            else
                m_result.failures.append(failure);
            ++m_result.tenantsSearched;
        } else {
            if (m_result.columns.isEmpty())
                m_result.columns = columns;
            if (m_query.rows && !rows.isEmpty())
                m_query.rows(columns, rows);
            merge(std::move(rows));
            ++m_result.tenantsSearched;
        }
        if (m_query.progress && !m_query.progress(FanOutProgress{m_result.tenantsSearched, m_total}))
            m_stop.store(true);
        if (--m_remaining == 0)
            m_allDone.wakeAll();
    }

    // This tenant's rows, in its own ORDER BY, read only while they can
    // still reach the merged top `limit`.
    Error read(const Target &target, QList<FanOutRow> &rows, QStringList &columns)
    {
        Tenant tenant = m_registry.find(target.uuid);
        if (tenant.isNull()) {
            Result<Tenant> opened = m_registry.open(target.folder);
            if (!opened)
                return opened.error().album().isEmpty() ? opened.error().withAlbum(target.folder) : opened.error();
            tenant = *opened;
        }
        Result<Session> session = tenant.session(Access::Read, QStringLiteral("fan-out query"));
        if (!session)
            return session.error();
        Result<Statement> statement = session->statement(m_query.sql);
        if (!statement)
            return statement.error();
        statement->bindAll(m_query.values);
        columns = statement->columnNames();
        QList<Key> keys;
        if (Error e = resolveKeys(columns, keys); e.code() != ErrorCode::Ok)
            return e;
        // The worst row that is still in: a row of this tenant that does
        // not come before it cannot get in, nor can any after it.
        std::optional<FanOutRow> worst;
        {
            QMutexLocker lock(&m_mutex);
            if (m_query.limit >= 0 && m_merged >= m_query.limit && !m_result.rows.isEmpty())
                worst = m_result.rows.last();
        }
        for (;;) {
            if (cancelled())
                return Error(ErrorCode::Cancelled, target.folder, QStringLiteral("The query was cancelled."));
            if (m_query.limit >= 0 && rows.size() >= m_query.limit)
                break;
            Result<bool> row = statement->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            FanOutRow r{tenant.uuid(), tenant.folder(), statement->values()};
            if (worst && !keys.isEmpty() && !before(keys, r, *worst))
                break;
            rows.append(std::move(r));
        }
        return {};
    }

    Error resolveKeys(const QStringList &columns, QList<Key> &keys)
    {
        for (const FanOutKey &k : m_query.orderBy) {
            const int index = int(columns.indexOf(k.column));
            if (index < 0) {
                m_stop.store(true);
                QMutexLocker lock(&m_mutex);
                if (m_fatal.code() == ErrorCode::Ok) {
                    m_fatal = Error(ErrorCode::InvalidArgument, {},
                                    QStringLiteral("The order key '%1' is not a column of the query (its "
                                                   "columns: %2).")
                                        .arg(k.column, columns.join(QStringLiteral(", "))));
                }
                return m_fatal;
            }
            keys.append(Key{index, k.descending});
        }
        QMutexLocker lock(&m_mutex);
        m_keys = keys;
        return {};
    }

    // With m_mutex held. Both runs are sorted; the result stays sorted and
    // within the limit.
    void merge(QList<FanOutRow> rows)
    {
        if (m_keys.isEmpty() && !m_query.orderBy.isEmpty())
            return; // no key resolved yet: nothing was read
        QList<FanOutRow> &all = m_result.rows;
        if (m_query.orderBy.isEmpty()) {
            for (FanOutRow &r : rows) {
                if (m_query.limit >= 0 && all.size() >= m_query.limit)
                    break;
                all.append(std::move(r));
            }
        } else {
            QList<FanOutRow> merged;
            merged.reserve(all.size() + rows.size());
            std::merge(std::make_move_iterator(all.begin()), std::make_move_iterator(all.end()),
                       std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()),
                       std::back_inserter(merged),
                       [this](const FanOutRow &a, const FanOutRow &b) { return before(m_keys, a, b); });
            if (m_query.limit >= 0 && merged.size() > m_query.limit)
                merged.resize(m_query.limit);
            all = std::move(merged);
        }
        m_merged = int(all.size());
    }

    Registry &m_registry;
    const FanOutQuery &m_query;
    const int m_total;
    QMutex m_mutex;
    QWaitCondition m_allDone;
    int m_remaining;
    int m_merged = 0;
    QList<Key> m_keys;
    std::atomic<bool> m_stop{false};
    FanOutResult m_result;
    Error m_fatal;
};

} // namespace

Result<FanOutResult> fanOut(Registry &registry, const FanOutQuery &query)
{
    if (query.sql.trimmed().isEmpty())
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("The fan-out query has no SQL."));
    Result<QList<CatalogEntry>> catalog = registry.catalog();
    if (!catalog)
        return catalog.error();
    QList<Target> targets;
    QList<Error> unknown;
    if (query.tenants.isEmpty()) {
        for (const CatalogEntry &entry : std::as_const(*catalog))
            targets.append({entry.uuid, entry.folder});
    } else {
        QSet<QUuid> seen;
        for (const QUuid &uuid : query.tenants) {
            if (seen.contains(uuid))
                continue;
            seen.insert(uuid);
            const auto entry = std::find_if(catalog->cbegin(), catalog->cend(),
                                            [&](const CatalogEntry &e) { return e.uuid == uuid; });
            if (entry == catalog->cend()) {
                unknown.append(Error(ErrorCode::NotFound, uuid.toString(QUuid::WithoutBraces),
                                     QStringLiteral("No %1 with this UUID is known in the workspace.")
                                         .arg(registry.format().kind())));
                continue;
            }
            targets.append({entry->uuid, entry->folder});
        }
    }
    FanOut run(registry, query, int(targets.size()));
    run.run(targets);
    if (run.fatal().code() != ErrorCode::Ok)
        return run.fatal();
    FanOutResult result = run.take();
    result.failures = unknown + result.failures;
    return result;
}

} // namespace quire
