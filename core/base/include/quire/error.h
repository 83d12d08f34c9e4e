#pragma once
// Errors are values: a code a program can branch on, the tenant concerned
// (its folder, and the kind of tenant it is) and a sentence a person can act
// on. No exception crosses Quire's API.

#include "quire/export.h"

#include <QString>

#include <optional>
#include <type_traits>
#include <utility>

namespace quire {

enum class ErrorCode {
    Ok = 0,
    InvalidArgument, // the caller passed something unusable (empty name, bad path)
    NotFound,        // no such folder, album, picture or tag
    AlreadyExists,   // an album (or a picture at that path) is already there
    NotSqlite,       // the album file is not an SQLite database at all
    NotAnAlbum,      // an SQLite database, or a folder, that is not a Quire album
    TooNew,          // written by a newer Quire than this one
    NeedsUpgrade,    // an older schema, and upgrading was not allowed
    SchemaMismatch,  // a Quire album whose tables are not Quire's
    Damaged,         // SQLite reports corruption, or the album file is unusable
    ReadOnly,        // the album cannot be written (media, permissions)
    Busy,            // another connection kept the album locked past the timeout
    Io,              // the file system failed (full disk, I/O error)
    Constraint,      // a unique, foreign key or check constraint was violated
    Sqlite,          // any other SQLite failure
    Cancelled,       // the caller asked to stop
};

class QUIRE_CORE_EXPORT Error
{
public:
    Error() = default;
    Error(ErrorCode code, QString album, QString message, int sqliteCode = 0)
        : m_code(code), m_album(std::move(album)), m_message(std::move(message)),
          m_sqliteCode(sqliteCode) {}

    ErrorCode code() const { return m_code; }
    // The tenant's folder (or name) this error is about; empty when none.
    // (Named for the first format, the photo album.)
    const QString &album() const { return m_album; }
    // The kind of tenant album() names, as its format calls it ("album",
    // "customer"); empty when the code that made the error did not know.
    const QString &kind() const { return m_kind; }
    // A sentence saying what went wrong and, where possible, what to do.
    const QString &message() const { return m_message; }
    // The extended SQLite result code behind the error, 0 when none.
    int sqliteCode() const { return m_sqliteCode; }

    // "<Kind> '<folder>': <message>" ("Customer '/srv/c/42': ..."), or the
    // message alone when no tenant is named. An error whose kind is not
    // known says "Album": only the photo album's own code makes those.
    QString toString() const;
    // A stable, lower-case name for scripts ("not-an-album").
    static QString codeName(ErrorCode code);

    Error withAlbum(const QString &album) const;
    // True when the change this error is about was made and kept (it is
    // committed in the database) and only what had to follow it failed:
    // a file beside the database that mirrors it, such as an album
    // picture's XMP sidecar. A caller shows the change as done and the
    // error beside it; it must not undo or retry the change.
    bool changeKept() const { return m_changeKept; }
    Error withChangeKept() const;
    // This error, said of a tenant of this kind; an empty kind keeps the one
    // it has.
    Error withKind(const QString &kind) const;

private:
    ErrorCode m_code = ErrorCode::Ok;
    QString m_album;
    QString m_kind;
    QString m_message;
    int m_sqliteCode = 0;
    bool m_changeKept = false;
};

// A value or an Error. Check ok() (or the bool conversion) before value().
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) { Q_ASSERT(m_error.code() != ErrorCode::Ok); }
    // A Result of a type that converts to T: Result<Album> from a
    // Result<Tenant>, for instance.
    template <typename U,
              typename = std::enable_if_t<!std::is_same_v<U, T> && std::is_constructible_v<T, U &&>>>
    Result(Result<U> &&other)
    {
        if (other)
            m_value.emplace(std::move(*other));
        else
            m_error = other.error();
    }
    template <typename U,
              typename = std::enable_if_t<!std::is_same_v<U, T> && std::is_constructible_v<T, const U &>>>
    Result(const Result<U> &other)
    {
        if (other)
            m_value.emplace(*other);
        else
            m_error = other.error();
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    T &value() & { Q_ASSERT(ok()); return *m_value; }
    const T &value() const & { Q_ASSERT(ok()); return *m_value; }
    T &&value() && { Q_ASSERT(ok()); return std::move(*m_value); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }

    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    // An error must say what went wrong: Result<void>(Error{}) would read as
    // success.
    Result(Error error) : m_error(std::move(error)) { Q_ASSERT(m_error.code() != ErrorCode::Ok); }

    bool ok() const { return m_error.code() == ErrorCode::Ok; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
};

// The result, its error (if any) said of a tenant of this kind: for the
// public calls of a layer that knows the format, whichever layer below made
// the error.
template <typename T>
Result<T> withKind(Result<T> result, const QString &kind)
{
    if (result)
        return result;
    return result.error().withKind(kind);
}

} // namespace quire
