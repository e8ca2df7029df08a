#include "app/cli/Cli.h"

#include "data/Json.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace app::cli {

Args::Args(const std::vector<std::string> &argv, const std::vector<std::string> &flags)
{
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string &a = argv[i];
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      const auto eq = a.find('=');
      if (eq != std::string::npos) {
        mOptions.emplace(a.substr(0, eq), a.substr(eq + 1));
        continue;
      }
      bool isFlag = false;
      for (const auto &f : flags)
        isFlag = isFlag || f == a;
      if (isFlag) {
        mOptions.emplace(a, "");
      } else {
        if (i + 1 >= argv.size()) throw UsageError("option " + a + " needs a value");
        mOptions.emplace(a, argv[++i]);
      }
    } else {
      mPositional.push_back(a);
    }
  }
}

std::string Args::positional(std::size_t i, const std::string &what) const
{
  if (i >= mPositional.size()) throw UsageError("missing " + what);
  return mPositional[i];
}

bool Args::has(const std::string &opt) const
{
  return mOptions.count(opt) > 0;
}

std::optional<std::string> Args::value(const std::string &opt) const
{
  auto it = mOptions.find(opt);
  if (it == mOptions.end()) return std::nullopt;
  return it->second;
}

std::string Args::required(const std::string &opt) const
{
  auto v = value(opt);
  if (!v || v->empty()) throw UsageError("missing required option " + opt);
  return *v;
}

std::vector<std::string> Args::values(const std::string &opt) const
{
  std::vector<std::string> out;
  auto [b, e] = mOptions.equal_range(opt);
  for (auto it = b; it != e; ++it)
    out.push_back(it->second);
  return out;
}

std::optional<double> Args::number(const std::string &opt) const
{
  auto v = value(opt);
  if (!v) return std::nullopt;
  try {
    std::size_t used = 0;
    double d = std::stod(*v, &used);
    if (used != v->size() || !std::isfinite(d)) throw std::invalid_argument("trailing");
    return d;
  } catch (const std::exception &) {
    throw UsageError("option " + opt + " expects a number, got '" + *v + "'");
  }
}

void Args::allowOnly(const std::vector<std::string> &known) const
{
  for (const auto &[k, v] : mOptions) {
    bool ok = false;
    for (const auto &n : known)
      ok = ok || n == k;
    if (!ok) throw UsageError("unknown option " + k);
  }
}

std::string jsonString(const std::string &s)
{
  return data::json::quote(s);
}

std::string jsonNumber(double v, int decimals)
{
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

static void printUsage(const std::vector<Command> &cmds)
{
  std::cerr << "usage: planmap-cli COMMAND ...\n";
  for (const auto &c : cmds)
    std::cerr << "  planmap-cli " << c.usage << "\n";
}

int runCli(int argc, char **argv)
{
  const auto cmds = allCommands();
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    printUsage(cmds);
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  for (const auto &c : cmds) {
    if (c.name != name) continue;
    std::vector<std::string> rest(argv + 2, argv + argc);
    try {
      Args args(rest, c.flags);
      return c.run(args);
    } catch (const UsageError &e) {
      // One line, so scripts can show it as it is.
      std::cerr << "planmap-cli " << name << ": " << e.what() << " (usage: planmap-cli " << c.usage << ")\n";
      return 2;
    } catch (const std::exception &e) {
      std::cerr << "planmap-cli " << name << ": " << e.what() << "\n";
      return 1;
    }
  }
  std::cerr << "planmap-cli: unknown command '" << name << "'\n";
  printUsage(cmds);
  return 2;
}

} // namespace app::cli
