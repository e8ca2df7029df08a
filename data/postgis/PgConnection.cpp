#include "data/postgis/PgConnection.h"

#include "data/spatialite/Sqlite.h"

#include <libpq-fe.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <poll.h>

namespace data {

namespace {

std::string firstLine(const char *msg)
{
  std::string s = msg ? msg : "";
  if (const auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

StoreError::Kind kindOf(const std::string &sqlState)
{
  if (sqlState == "42501") return StoreError::Kind::Permission;
  if (sqlState == "23505" || sqlState == "23503" || sqlState == "23514" || sqlState == "22P02")
    return StoreError::Kind::Invalid;
  return StoreError::Kind::Database;
}

int hexValue(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace

PgParam PgParam::real(double v)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return text(buf);
}

bool isConnectionString(const std::string &s)
{
  if (s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0 || s.rfind("service=", 0) == 0)
    return true;
  // key=value form: "host=… dbname=…"
  return s.find('=') != std::string::npos &&
         (s.find("dbname=") != std::string::npos || s.find("host=") != std::string::npos);
}

namespace {

const char kNeedsPassword[] = "the server asks for a password";

// Parses with libpq and writes key=value pairs back (values quoted as libpq reads them), leaving
// out "password" and appending `password` when it is not null.
std::optional<std::string> rebuildConninfo(const std::string &conninfo, const std::string *password)
{
  char *err = nullptr;
  PQconninfoOption *opts = PQconninfoParse(conninfo.c_str(), &err);
  if (err) PQfreemem(err);
  if (!opts) return std::nullopt;
  auto quoted = [](const std::string &v) {
    std::string q = "'";
    for (char c : v) {
      if (c == '\\' || c == '\'') q += '\\';
      q += c;
    }
    return q + "'";
  };
  std::string out;
  auto add = [&](const std::string &key, const std::string &value) {
    if (!out.empty()) out += ' ';
    const bool plain = !value.empty() && value.find_first_of(" '\\") == std::string::npos;
    out += key + "=" + (plain ? value : quoted(value));
  };
  for (const PQconninfoOption *o = opts; o->keyword; ++o)
    if (o->val && std::string(o->keyword) != "password") add(o->keyword, o->val);
  PQconninfoFree(opts);
  if (password) add("password", *password);
  return out;
}

bool hasPassword(const std::string &conninfo)
{
  char *err = nullptr;
  PQconninfoOption *opts = PQconninfoParse(conninfo.c_str(), &err);
  if (err) PQfreemem(err);
  bool has = false;
  for (const PQconninfoOption *o = opts; o && o->keyword; ++o)
    if (std::string(o->keyword) == "password" && o->val && *o->val) has = true;
  if (opts) PQconninfoFree(opts);
  return has;
}

} // namespace

std::string connectionWithoutPassword(const std::string &conninfo)
{
  const std::optional<std::string> rebuilt = rebuildConninfo(conninfo, nullptr);
  if (!rebuilt) return {};
  return hasPassword(conninfo) ? *rebuilt : conninfo;
}

std::string connectionWithPassword(const std::string &conninfo, const std::string &password)
{
  return rebuildConninfo(conninfo, &password).value_or(conninfo);
}

std::string pgIdent(const std::string &name)
{
  std::string out = "\"";
  for (char c : name)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string pgLiteral(const std::string &s)
{
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// ---- PgResult

void PgResult::Deleter::operator()(pg_result *r) const
{
  PQclear(r);
}

PgResult::PgResult(pg_result *res)
    : mRes(res)
{
}

int PgResult::rows() const
{
  return PQntuples(mRes.get());
}

bool PgResult::isNull(int row, int col) const
{
  return PQgetisnull(mRes.get(), row, col) != 0;
}

std::string PgResult::text(int row, int col) const
{
  if (isNull(row, col)) return {};
  return std::string(PQgetvalue(mRes.get(), row, col),
                     static_cast<std::size_t>(PQgetlength(mRes.get(), row, col)));
}

std::int64_t PgResult::integer(int row, int col) const
{
  const std::string s = text(row, col);
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

double PgResult::real(int row, int col) const
{
  return std::strtod(text(row, col).c_str(), nullptr);
}

std::optional<double> PgResult::optionalReal(int row, int col) const
{
  if (isNull(row, col)) return std::nullopt;
  return real(row, col);
}

std::string PgResult::bytes(int row, int col) const
{
  const std::string hex = text(row, col);
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') return hex;
  std::string out;
  out.reserve((hex.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(hexValue(hex[i]) * 16 + hexValue(hex[i + 1]));
  return out;
}

// ---- PgConnection

PgConnection::PgConnection(const std::string &conninfo)
{
  mConn = PQconnectdb(conninfo.c_str());
  const std::string host = mConn && PQhost(mConn) ? PQhost(mConn) : "";
  const std::string port = mConn && PQport(mConn) ? PQport(mConn) : "";
  const std::string db = mConn && PQdb(mConn) ? PQdb(mConn) : "";
  mDisplay = "postgresql://" + (mConn && PQuser(mConn) ? std::string(PQuser(mConn)) + "@" : std::string()) +
             host + (port.empty() ? "" : ":" + port) + "/" + db;
  if (!mConn || PQstatus(mConn) != CONNECTION_OK) {
    const bool password = mConn && PQconnectionNeedsPassword(mConn);
    const std::string why = !mConn ? "out of memory"
                            : password
                                ? std::string(kNeedsPassword) + " (" + firstLine(PQerrorMessage(mConn)) + ")"
                                : firstLine(PQerrorMessage(mConn));
    PQfinish(mConn);
    mConn = nullptr;
    throw StoreError(password ? StoreError::Kind::NeedsPassword : StoreError::Kind::NotAProject,
                     mDisplay + ": cannot connect to the PostgreSQL server: " + why);
  }
  PQsetNoticeProcessor(
      mConn, [](void *, const char *) {}, nullptr); // NOTICEs are not the user's business
  exec("SET client_min_messages = warning");
}

PgConnection::~PgConnection()
{
  PQfinish(mConn);
}

void PgConnection::fail(pg_result *res, const std::string &sql)
{
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string sqlState = state ? state : "";
  const std::string message = primary ? primary : firstLine(PQerrorMessage(mConn));
  PQclear(res);
  throw PgError(kindOf(sqlState), "database error: " + message + " (in: " + sqlSummary(sql) + ")", sqlState,
                message);
}

PgResult PgConnection::exec(const std::string &sql, const std::vector<PgParam> &params)
{
  std::vector<const char *> values;
  std::vector<int> lengths, formats;
  for (const PgParam &p : params) {
    values.push_back(p.value ? p.value->data() : nullptr);
    lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  pg_result *res = PQexecParams(mConn, sql.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                lengths.data(), formats.data(), 0);
  const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(res, sql);
  return PgResult(res);
}

void PgConnection::execScript(const std::string &sql)
{
  pg_result *res = PQexec(mConn, sql.c_str());
  const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(res, sql);
  PQclear(res);
}

std::int64_t PgConnection::queryInt(const std::string &sql, const std::vector<PgParam> &params,
                                    std::int64_t fallback)
{
  const PgResult r = exec(sql, params);
  return r.rows() > 0 && !r.isNull(0, 0) ? r.integer(0, 0) : fallback;
}

std::string PgConnection::queryText(const std::string &sql, const std::vector<PgParam> &params)
{
  const PgResult r = exec(sql, params);
  return r.rows() > 0 ? r.text(0, 0) : std::string();
}

void PgConnection::listen(const std::string &channel)
{
  exec("LISTEN " + pgIdent(channel));
}

std::vector<PgNotification> PgConnection::notifications(int timeoutMs)
{
  std::vector<PgNotification> out;
  auto drain = [&] {
    if (!PQconsumeInput(mConn))
      throw PgError(StoreError::Kind::Database,
                    "database error: lost the connection to " + mDisplay + ": " +
                        firstLine(PQerrorMessage(mConn)),
                    "08006", firstLine(PQerrorMessage(mConn)));
    while (PGnotify *n = PQnotifies(mConn)) {
      out.push_back({n->relname ? n->relname : "", n->extra ? n->extra : "", n->be_pid});
      PQfreemem(n);
    }
  };
  drain();
  if (!out.empty() || timeoutMs <= 0) return out;
  pollfd pfd{PQsocket(mConn), POLLIN, 0};
  if (::poll(&pfd, 1, timeoutMs) > 0) drain();
  return out;
}

std::string PgConnection::sessionUser()
{
  return queryText("SELECT session_user");
}

int PgConnection::backendPid() const
{
  return PQbackendPID(mConn);
}

} // namespace data
