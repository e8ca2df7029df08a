#pragma once

#include "data/store/StoreError.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace data {

// A failed PostgreSQL call: a StoreError that also keeps the server's SQLSTATE ("42501" =
// insufficient privilege or a row-level-security refusal, "23505" = unique violation, ...).
class PgError : public StoreError
{
public:
  PgError(Kind kind, const std::string &message, std::string sqlState, std::string serverMessage)
      : StoreError(kind, message)
      , mSqlState(std::move(sqlState))
      , mServerMessage(std::move(serverMessage))
  {
  }
  const std::string &sqlState() const { return mSqlState; }
  const std::string &serverMessage() const { return mServerMessage; }
  bool isPermissionDenied() const { return mSqlState == "42501"; }

private:
  std::string mSqlState;
  std::string mServerMessage;
};

// One query parameter, sent as text; `binary` sends the bytes as they are (bytea, WKB).
struct PgParam
{
  std::optional<std::string> value; // nullopt = SQL NULL
  bool binary = false;

  static PgParam null() { return {}; }
  static PgParam text(std::string s) { return {std::move(s), false}; }
  static PgParam textOrNull(const std::string &s) { return s.empty() ? null() : text(s); }
  static PgParam bytes(std::string b) { return {std::move(b), true}; }
  static PgParam integer(std::int64_t v) { return text(std::to_string(v)); }
  static PgParam real(double v);
};

// The rows of one statement (text format); owns its PGresult.
class PgResult
{
public:
  explicit PgResult(pg_result *res);
  int rows() const;
  bool isNull(int row, int col) const;
  std::string text(int row, int col) const; // "" for NULL
  std::int64_t integer(int row, int col) const;
  double real(int row, int col) const;
  std::optional<double> optionalReal(int row, int col) const;
  std::string bytes(int row, int col) const; // decodes bytea's hex text form

private:
  struct Deleter
  {
    void operator()(pg_result *r) const;
  };
  std::unique_ptr<pg_result, Deleter> mRes;
};

// One row of a PgResult, read by column as SQLite's Statement is (the row decoders in
// data/store/RowDecode.h take either).
struct PgRow
{
  const PgResult &result;
  int row;
  bool isNull(int col) const { return result.isNull(row, col); }
  std::string text(int col) const { return result.text(row, col); }
  std::int64_t integer(int col) const { return result.integer(row, col); }
  double real(int col) const { return result.real(row, col); }
  std::string blob(int col) const { return result.bytes(row, col); }
};

// Every row of `r` decoded by `decode(PgRow)`.
template <class Decode> auto decodeRows(const PgResult &r, Decode decode)
{
  std::vector<decltype(decode(PgRow{r, 0}))> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(decode(PgRow{r, i}));
  return out;
}

struct PgNotification
{
  std::string channel;
  std::string payload;
  int senderPid = 0;
};

// An open libpq connection; closes it when it dies. Every failure throws PgError whose message
// names the statement and carries the server's own words.
class PgConnection
{
public:
  // Throws StoreError(NotAProject) naming the server (never the password) and the reason.
  explicit PgConnection(const std::string &conninfo);
  ~PgConnection();
  PgConnection(const PgConnection &) = delete;
  PgConnection &operator=(const PgConnection &) = delete;

  PgResult exec(const std::string &sql, const std::vector<PgParam> &params = {});
  void execScript(const std::string &sql); // several statements, no parameters
  std::int64_t queryInt(const std::string &sql, const std::vector<PgParam> &params = {},
                        std::int64_t fallback = 0);
  std::string queryText(const std::string &sql, const std::vector<PgParam> &params = {});

  // LISTEN/NOTIFY: wait up to timeoutMs for notifications (0 = only what has already arrived).
  void listen(const std::string &channel);
  std::vector<PgNotification> notifications(int timeoutMs);

  std::string sessionUser(); // the role the connection logged in as
  int backendPid() const;
  const std::string &displayName() const { return mDisplay; } // host:port/dbname, for messages
  pg_conn *handle() const { return mConn; }

private:
  [[noreturn]] void fail(pg_result *res, const std::string &sql);
  pg_conn *mConn = nullptr;
  std::string mDisplay;
};

// True for a string that names a PostgreSQL server rather than a file: "postgresql://…",
// "postgres://…", "service=…" or any key=value connection string with host/dbname.
bool isConnectionString(const std::string &s);

// A connection string fit to remember (the recent-projects list): the same server, database and
// user with any password taken out, in libpq's key=value form (unchanged when it had none). Empty
// for a string libpq cannot parse, which should then not be remembered at all.
std::string connectionWithoutPassword(const std::string &conninfo);
// The connection string with `password` set (replacing one it had), in key=value form.
std::string connectionWithPassword(const std::string &conninfo, const std::string &password);

// SQL identifier / literal quoting (for DDL that cannot take parameters).
std::string pgIdent(const std::string &name);
std::string pgLiteral(const std::string &s);

} // namespace data
