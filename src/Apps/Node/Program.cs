using ActorNet.Node;

return await ActorNetCli.Build().Parse(args).InvokeAsync();
