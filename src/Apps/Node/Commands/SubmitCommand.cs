using ActorNet.Rdd.CommandLine;
using System.CommandLine;
using System.Reflection;
using System.Runtime.Loader;
using ClusterContext = ActorNet.Rdd.ClusterContext;

namespace ActorNet.Node.Commands;

/// <summary>
/// <c>actornet submit --master URL App.dll [args]</c> (spark-submit): runs the application's entry point in this
/// process as the driver. <c>--master</c> overrides the master URL the application passes to
/// <see cref="ClusterContext"/> (through <see cref="ClusterContext.MasterOverrideVariable"/>), as spark-submit's
/// <c>--master</c> does. The application's own dependencies resolve from its folder (its deps.json); ActorNet's
/// assemblies are this process's, so the application and the driver share one <see cref="ClusterContext"/> type.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var master = new Option<string>("--master")
        {
            Description = "Master URL: local[N], local-cluster[N], actornet://host:port[,host:port] (cluster secret in ACTORNET_SECRET).",
            Required = true,
        };
        var app = new Argument<FileInfo>("app") { Description = "The application's assembly (App.dll) whose entry point is the driver." };
        var appArgs = new Argument<string[]>("args") { Description = "Arguments passed to the application.", Arity = ArgumentArity.ZeroOrMore };
        var name = new Option<string?>("--name") { Description = "The application's name (actornet.app.name; replaces the name the application gives)." };
        var conf = new Option<string[]>("--conf")
        {
            Description = "A setting for the driver, key=value with an actornet.* or akka.* key: --conf actornet.ui.port=4050 (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var executorCores = new Option<int?>("--executor-cores") { Description = "local-cluster only: task slots of each worker process (local-cluster[N,C]'s C)." };
        var numExecutors = new Option<int?>("--num-executors") { Description = "local-cluster only: the number of worker processes (local-cluster[N,C]'s N)." };
        var deployMode = new Option<string>("--deploy-mode")
        {
            Description = "client (the driver runs in this process; the only mode ActorNet has).",
            DefaultValueFactory = _ => "client",
        };
        var command = new Command("submit", "Run an RDD application's entry point as the driver against --master (spark-submit).");
        command.Options.Add(master);
        command.Options.Add(name);
        command.Options.Add(conf);
        command.Options.Add(executorCores);
        command.Options.Add(numExecutors);
        command.Options.Add(deployMode);
        command.Arguments.Add(app);
        command.Arguments.Add(appArgs);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, _) => CommandErrors.RunAsync(result, () =>
        {
            var flags = new SubmitFlags(result.GetValue(master)!, result.GetValue(name), result.GetValue(conf) ?? [],
                result.GetValue(executorCores), result.GetValue(numExecutors), result.GetValue(deployMode)!);
            var file = result.GetValue(app)!;
            string[] rest = [.. result.GetValue(appArgs) ?? [], .. result.UnmatchedTokens];
            return RunAsync(flags, file, rest);
        }));
        return command;
    }

    private static async Task<int> RunAsync(SubmitFlags flags, FileInfo file, string[] args)
    {
        var master = flags.EffectiveMaster();
        var environment = flags.EnvironmentVariables();
        if (!file.Exists) throw new FileNotFoundException($"application assembly '{file.FullName}' does not exist", file.FullName);
        var entry = LoadEntryPoint(file.FullName);
        // These stay set for the life of this process (the application may create its context after its first await):
        // the master override, and --name and --conf as ACTORNET__ variables, which every driver's configuration reads
        // (LayeredConfiguration for the apps, ClusterContext itself for an application that passes no configuration).
        Environment.SetEnvironmentVariable(ClusterContext.MasterOverrideVariable, master);
        foreach (var (variable, value) in environment) Environment.SetEnvironmentVariable(variable, value);
        object? returned;
        try
        {
            returned = entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [args]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        return returned switch
        {
            int code => code,
            Task<int> task => await task.ConfigureAwait(false),
            Task task => await task.ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; }, TaskScheduler.Default).ConfigureAwait(false),
            _ => 0,
        };
    }

    private static MethodInfo LoadEntryPoint(string path)
    {
        var resolver = new AssemblyDependencyResolver(path);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } found ? context.LoadFromAssemblyPath(found) : null;
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        return assembly.EntryPoint ?? throw new ArgumentException($"'{path}' has no entry point (build the application as an executable)");
    }
}
