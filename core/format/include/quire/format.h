#pragma once
// TenantFormat: what one kind of tenant is. A program defines its format
// once (its application id, where the database lives inside a tenant
// folder, the kind's name, ordered migration steps) and the engine does the
// rest for every folder of that kind: create, open and refuse, migrate,
// copy, move, check, repair.
//
// A tenant at schema version N has run steps 1..N; a new tenant runs them
// all from an empty file, so a fresh tenant and an upgraded one have the
// same sqlite_schema text, which is what the engine checks on open.
//
// Every format gets an identity table of the engine's own (key/value rows:
// uuid, name, created_at, min_write_version), made right after step 1
// unless step 1 makes it itself (the photo album's `meta` table does).
//
// A TenantFormat is a cheap, shared, immutable handle: copies refer to the
// same definition. Thread safety: every method may be called from any
// thread.

#include "quire/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace quire {

class Connection;

struct MigrationStep {
    int version = 0;        // user_version after the step: 1, 2, 3, ... without gaps
    QString description;
    // Statements separated by lines holding only ';;' (so a trigger body
    // may hold ';'). May be empty when `run` does the work.
    QByteArray sql;
    // A C++ step for data migrations, run after `sql` inside the same
    // savepoint: an error rolls the whole upgrade back.
    std::function<Result<void>(Connection &)> run;
    int minWriteVersion = 0; // oldest schema a program may know and still write (0: this version)
};

enum class SchemaCheck {
    // The sqlite_schema text must be exactly the one the steps make.
    Exact,
    // Every table, index and trigger the steps make must be there with the
    // same text; extra indexes and tables are allowed (a program that adds
    // its own at run time). Extra triggers and views are still refused:
    // they run code on every write or read.
    AllowExtraTablesAndIndexes,
};

struct TenantFormatSpec {
    // PRAGMA application_id of every tenant of this kind; never 0.
    qint32 applicationId = 0;
    // Where the database lives inside a tenant folder: "DIR/FILE", one
    // folder deep, e.g. ".ledger/ledger.db". DIR also holds the engine's
    // own files for the tenant (backups, lock and marker files).
    QString databasePath;
    // The kind's name in messages: "album", "project".
    QString kind = QStringLiteral("tenant");
    // The program's name in messages: "written by a newer Quire".
    QString program = QStringLiteral("Quire");
    // What the program moves between tenants, in messages ("another program
    // is moving pictures in or out of it"): "pictures" for albums.
    QString rowNoun = QStringLiteral("rows");
    QList<MigrationStep> steps;
    SchemaCheck schemaCheck = SchemaCheck::Exact;
    // The engine's identity table (a plain SQL identifier).
    QString identityTable = QStringLiteral("quire_identity");
};

class QUIRE_CORE_EXPORT TenantFormat
{
public:
    TenantFormat(); // a null format: not usable to open anything
    // Checks the definition (id, path, kind, step numbering) and builds it.
    // Errors say what is wrong. A step that fails on an empty database makes
    // no version at or after it claimable (opening such a tenant reports
    // the step's error).
    static Result<TenantFormat> make(TenantFormatSpec spec);
    // Migration steps from the files NNNN_description.sql in folder (a
    // folder on disk or a Qt resource path such as ":/app/schema"), in
    // file-name order; make() refuses numbers that do not run 1, 2, 3, ...
    static Result<QList<MigrationStep>> stepsFromFolder(const QString &folder);

    bool isNull() const { return !d; }
    qint32 applicationId() const;
    QString databasePath() const;     // ".quire/album.db"
    QString controlFolder() const;    // ".quire"
    // "<folder>/<control folder>/<file>": where the engine keeps a tenant's
    // own files (lock and marker files, backups).
    QString controlPath(const QString &folder, const QString &file = {}) const;
    QString kind() const;             // "album"
    QString kindWithArticle() const;  // "an album", "a ledger"
    QString program() const;          // "Quire"
    QString rowNoun() const;          // "pictures"
    QString identityTable() const;    // "meta"
    SchemaCheck schemaCheck() const;

    int latestVersion() const;
    const QList<MigrationStep> &steps() const;
    // The sqlite_schema text a tenant at this version must have exactly
    // (empty for a version the format does not know).
    QByteArray fingerprint(int version) const;
    // Whether `schema` (as detail::schemaText makes it) is acceptable for a
    // tenant at `version`, under schemaCheck().
    bool acceptsSchema(const QByteArray &schema, int version) const;

    // Splits a step's SQL into statements (at lines holding only ';;').
    static QList<QByteArray> statements(const QByteArray &sql);

    bool operator==(const TenantFormat &other) const { return d == other.d; }

private:
    struct Private;
    std::shared_ptr<const Private> d;
};

} // namespace quire
