using System.CommandLine;

var root = new RootCommand("actornet: ActorNet node and command-line tools");
return root.Parse(args).Invoke();
