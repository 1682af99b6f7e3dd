using ActorNet.CifarApp;

return CifarCli.Build().Parse(args).Invoke();
