#pragma once

// The plan file's reader, shared by Plan.cpp and the plan's checks: reads one JSON object and
// names the exact path ("targets[3].goal") in every error, so a user editing the plan file by
// hand knows which line to fix. Internal to layers/plan.
#include "data/store/EventRules.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace layers::planfile {

inline std::string joined(const std::set<std::string> &values)
{
  std::string out;
  for (const auto &v : values)
    out += (out.empty() ? "" : ", ") + v;
  return out;
}

class Reader
{
public:
  Reader(nlohmann::json obj, std::string path, const std::string &file)
      : mObj(std::move(obj))
      , mPath(std::move(path))
      , mFile(file)
  {
  }

  [[noreturn]] void fail(const std::string &key, const std::string &what) const
  {
    std::string where = mPath.empty() ? key : (key.empty() ? mPath : mPath + "." + key);
    throw std::runtime_error(mFile + ": " + where + ": " + what);
  }

  bool has(const char *key) const { return mObj.contains(key); }

  // A key the format does not know is a typo more often than not ("lead_unit" for "lead").
  void onlyKeys(std::initializer_list<const char *> known) const
  {
    for (const auto &item : mObj.items()) {
      bool ok = false;
      for (const char *k : known)
        ok = ok || item.key() == k;
      if (!ok) fail(item.key(), "is not a key of the plan format (see docs/plan-format.md)");
    }
  }

  std::string text(const char *key, bool required = true) const
  {
    const nlohmann::json *v = value(key);
    if (!v || v->is_null()) {
      if (required) fail(key, "missing");
      return {};
    }
    if (!v->is_string()) fail(key, "must be a string");
    std::string s = v->get<std::string>();
    if (required && s.empty()) fail(key, "must not be empty");
    return s;
  }

  std::string oneOf(const char *key, const std::set<std::string> &allowed) const
  {
    std::string s = text(key);
    if (!allowed.count(s)) fail(key, "'" + s + "' is not one of " + joined(allowed));
    return s;
  }

  std::string date(const char *key) const
  {
    std::string s = text(key);
    if (!data::isIsoDate(s)) fail(key, "'" + s + "' is not a real date YYYY-MM-DD");
    return s;
  }

  double number(const char *key) const
  {
    const nlohmann::json *v = value(key);
    if (!v) fail(key, "missing");
    if (!v->is_number()) fail(key, "must be a number");
    return v->get<double>();
  }

  bool boolean(const char *key, bool fallback) const
  {
    const nlohmann::json *v = value(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail(key, "must be true or false");
    return v->get<bool>();
  }

  nlohmann::json array(const char *key, bool required) const
  {
    const nlohmann::json *v = value(key);
    if (!v) {
      if (required) fail(key, "missing");
      return nlohmann::json::array();
    }
    if (!v->is_array()) fail(key, "must be an array");
    return *v;
  }

  std::vector<std::string> strings(const char *key) const
  {
    std::vector<std::string> out;
    const nlohmann::json a = array(key, false);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) fail(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
      out.push_back(a[i].get<std::string>());
    }
    return out;
  }

  std::optional<Reader> child(const char *key, bool required) const
  {
    const nlohmann::json *v = value(key);
    if (!v) {
      if (required) fail(key, "missing");
      return std::nullopt;
    }
    if (!v->is_object()) fail(key, "must be an object");
    return Reader(*v, mPath.empty() ? key : mPath + "." + key, mFile);
  }

  Reader element(const nlohmann::json &a, const char *key, std::size_t i) const
  {
    std::string path = (mPath.empty() ? std::string(key) : mPath + "." + key) + "[" + std::to_string(i) + "]";
    if (!a[i].is_object()) throw std::runtime_error(mFile + ": " + path + ": must be an object");
    return Reader(a[i], path, mFile);
  }

  const nlohmann::json &object() const { return mObj; }
  const std::string &path() const { return mPath; }
  const std::string &file() const { return mFile; }

private:
  const nlohmann::json *value(const char *key) const
  {
    const auto it = mObj.find(key);
    return it == mObj.end() ? nullptr : &*it;
  }

  nlohmann::json mObj;
  std::string mPath;
  std::string mFile;
};

// Where problems go: with a sink, every problem is recorded and reading goes on with the next
// part (plan check lists them all); without one, the first problem throws (loading a plan).
class Problems
{
public:
  explicit Problems(std::vector<std::string> *sink = nullptr)
      : mSink(sink)
  {
  }

  // Runs `read`; a problem it throws is recorded when collecting. Returns false after a problem.
  template <typename Fn> bool attempt(Fn &&read) const
  {
    if (!mSink) {
      read();
      return true;
    }
    try {
      read();
      return true;
    } catch (const std::runtime_error &e) {
      mSink->push_back(e.what());
      return false;
    }
  }

private:
  std::vector<std::string> *mSink;
};

} // namespace layers::planfile
