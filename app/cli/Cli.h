#pragma once

#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace app::cli {

// Parsed command line of one sub-command: positional arguments and --options. Options listed in
// `flags` take no value; repeated options keep every value.
class Args
{
public:
  Args(const std::vector<std::string> &argv, const std::vector<std::string> &flags);
  const std::vector<std::string> &positional() const { return mPositional; }
  std::string positional(std::size_t i, const std::string &what) const; // throws UsageError naming `what`
  bool has(const std::string &opt) const;
  std::optional<std::string> value(const std::string &opt) const;
  std::string required(const std::string &opt) const; // throws UsageError
  std::vector<std::string> values(const std::string &opt) const;
  // A number written as parseDecimal reads it, within [min, max]; throws UsageError naming the
  // option (and the range, when one is given) otherwise.
  std::optional<double> number(const std::string &opt, double min = -std::numeric_limits<double>::max(),
                               double max = std::numeric_limits<double>::max()) const;
  // Throws UsageError for any option not in `known` (flags included), and for more than
  // `maxPositional` positional arguments (a stray word is a mistake, never ignored).
  void allowOnly(const std::vector<std::string> &known, std::size_t maxPositional) const;

private:
  std::vector<std::string> mPositional;
  std::multimap<std::string, std::string> mOptions;
};

struct UsageError : std::runtime_error
{
  using std::runtime_error::runtime_error;
};

// A sub-command: `run` returns the exit code; throwing any std::exception prints
// "planmap-cli <name>: <message>" on stderr and exits 1 (2 for UsageError).
struct Command
{
  std::string name;
  std::string usage;              // one line: "status PROJECT [--as-of YYYY-MM-DD] [--by village] [--json]"
  std::vector<std::string> flags; // options without a value, e.g. "--json"
  std::function<int(const Args &)> run;
};

// Each commands file contributes its commands through one function listed in Commands.cpp.
std::vector<Command> projectCommands();  // sample, status, features, validate
std::vector<Command> progressCommands(); // mark, history, users, measure
std::vector<Command> renderCommands();   // render
std::vector<Command> ioCommands();       // import, export, backup
std::vector<Command> fieldCommands();    // track
std::vector<Command> reportCommands();   // report, export-table
std::vector<Command> serverCommands();   // server init, checkout, sync
std::vector<Command> scaleCommands();    // generate
std::vector<Command> planCommands();     // plan check|list|export, new, targets
Command statusCommand();                 // status (listed with projectCommands)
Command targetsCommand();                // targets list, set, import (listed with planCommands)
std::vector<Command> allCommands();

int runCli(int argc, char **argv);

// A decimal number as people write it: [-+]digits[.digits][e[-+]digits] (".5" and "5." too); no
// hexadecimal, inf, nan, spaces or anything after it; nor a number a double cannot hold in full
// (1e400, or 1e-310 and smaller, which would silently lose digits or read as 0).
std::optional<double> parseDecimal(const std::string &text);

// The shortest text that reads back as exactly `v` ("0.1", "1e+308"), for echoing numbers.
std::string shortestNumber(double v);

} // namespace app::cli
