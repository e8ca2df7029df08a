#include "app/cli/Cli.h"

namespace app::cli {

std::vector<Command> allCommands()
{
  std::vector<Command> all;
  for (auto part : {projectCommands(), progressCommands(), renderCommands(), ioCommands(), fieldCommands(),
                    reportCommands(), serverCommands(), scaleCommands(), planCommands()})
    for (auto &c : part)
      all.push_back(std::move(c));
  return all;
}

} // namespace app::cli
