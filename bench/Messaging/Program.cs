using ActorNet.Bench.Messaging;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Usage: dotnet run -c Release --project bench/Messaging [-- quick]
// Prints each serializer's bytes for the message, checks both read it back, then times write and read.
var (system, ours, json, message) = Fixture.Create();
var oursBytes = ours.ToBinary(message);
var jsonBytes = json.ToBinary(message);
var oursBack = (LaunchTaskLike)ours.FromBinary(oursBytes, ours.Manifest(message));
var jsonBack = (LaunchTaskLike)json.FromBinary(jsonBytes, typeof(LaunchTaskLike));
foreach (var back in new[] { oursBack, jsonBack })
    if (back.TaskId != message.TaskId || back.Host != message.Host || !back.ReplyTo.Equals(message.ReplyTo)
        || !back.PreferredLocations.SequenceEqual(message.PreferredLocations))
        throw new InvalidOperationException("a serializer did not read the message back");
var manifest = ours.Manifest(message);
Console.WriteLine($"bytes: MessagePack {oursBytes.Length} + manifest {manifest.Length} ('{manifest}'); " +
    $"Newtonsoft JSON {jsonBytes.Length}{(json.IncludeManifest ? " + a manifest" : " (type names inside, no manifest)")}");
Console.WriteLine(System.Text.Encoding.UTF8.GetString(jsonBytes));
await system.Terminate();

// In-process so the run needs no second build; a short job when asked, for a loaded machine. The in-process
// toolchain gives up on a benchmark after 5 minutes by default, which a full job on a busy 2-core machine exceeds.
var toolchain = new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true);
var job = (args.Contains("quick") ? Job.ShortRun : Job.Default).WithToolchain(toolchain);
BenchmarkRunner.Run<SerializerBench>(DefaultConfig.Instance.AddJob(job));
