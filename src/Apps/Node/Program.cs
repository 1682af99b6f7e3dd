using System.CommandLine;
using ActorNet.Node;

// SIGINT/SIGTERM are left to the commands: a node's host turns them into a graceful cluster leave,
// which System.CommandLine's own handling would cut short.
return await ActorNetCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
