#include "app/cli/Cli.h"

#include <algorithm>
#include <charconv>
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

std::optional<double> Args::number(const std::string &opt, double min, double max) const
{
  auto v = value(opt);
  if (!v) return std::nullopt;
  const std::optional<double> d = parseDecimal(*v);
  if (!d) throw UsageError("option " + opt + " expects a number, got '" + *v + "'");
  if (*d >= min && *d <= max) return d;
  constexpr double kAny = std::numeric_limits<double>::max();
  const std::string range = max == kAny    ? "at least " + shortestNumber(min)
                            : min == -kAny ? "at most " + shortestNumber(max)
                                           : "from " + shortestNumber(min) + " to " + shortestNumber(max);
  throw UsageError("option " + opt + " expects a number " + range + ", got '" + *v + "'");
}

void Args::allowOnly(const std::vector<std::string> &known, std::size_t maxPositional) const
{
  for (const auto &[k, v] : mOptions) {
    bool ok = false;
    for (const auto &n : known)
      ok = ok || n == k;
    if (!ok) throw UsageError("unknown option " + k);
  }
  if (mPositional.size() > maxPositional)
    throw UsageError("unexpected argument '" + mPositional[maxPositional] + "'");
}

std::optional<double> parseDecimal(const std::string &text)
{
  auto digits = [&](std::size_t &i) {
    const std::size_t from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
      ++i;
    return i - from;
  };
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits(i);
  if (i < text.size() && text[i] == '.') mantissa += digits(++i);
  if (mantissa == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    if (++i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits(i) == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  // from_chars: the same in every locale (a GUI application sets LC_NUMERIC from the environment).
  const char *first = text.data() + (text[0] == '+' ? 1 : 0);
  double d = 0;
  const auto [end, ec] = std::from_chars(first, text.data() + text.size(), d);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(d)) return std::nullopt;
  if (d != 0 && std::fabs(d) < std::numeric_limits<double>::min()) return std::nullopt; // subnormal
  return d;
}

std::string shortestNumber(double v)
{
  // Plain digits where people read them so (10000000, 0.001), an exponent beyond (1e+308).
  const double a = std::fabs(v);
  const auto format =
      a == 0 || (a >= 1e-4 && a < 1e15) ? std::chars_format::fixed : std::chars_format::scientific;
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, format);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

namespace {

void printUsage(std::ostream &out, const std::vector<Command> &cmds)
{
  out << "usage: planmap-cli COMMAND ... (planmap-cli COMMAND --help for one command)\n";
  for (const auto &c : cmds)
    out << "  planmap-cli " << c.usage << "\n";
}

// --help or -h anywhere among a command's arguments, except as the value of an option.
bool asksForHelp(const std::vector<std::string> &args, const std::vector<std::string> &flags)
{
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (a == "--help" || a == "-h") return true;
    const bool takesValue = a.rfind("--", 0) == 0 && a.size() > 2 && a.find('=') == std::string::npos &&
                            std::find(flags.begin(), flags.end(), a) == flags.end();
    if (takesValue) ++i;
  }
  return false;
}

} // namespace

int runCli(int argc, char **argv)
{
  const auto cmds = allCommands();
  if (argc < 2) {
    printUsage(std::cerr, cmds);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    printUsage(std::cout, cmds);
    return 0;
  }
  for (const auto &c : cmds) {
    if (c.name != name) continue;
    std::vector<std::string> rest(argv + 2, argv + argc);
    if (asksForHelp(rest, c.flags)) {
      std::cout << "usage: planmap-cli " << c.usage << "\n";
      return 0;
    }
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
  std::cerr << "planmap-cli: unknown command '" << name << "' (planmap-cli --help lists the commands)\n";
  return 2;
}

} // namespace app::cli
