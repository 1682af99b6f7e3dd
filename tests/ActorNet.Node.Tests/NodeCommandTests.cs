using System.CommandLine;
using System.Text.Json;
using ActorNet.ControlPlane;
using ActorNet.Node.Commands;
using ActorNet.Rdd.Cluster;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Node.Tests;

public sealed class NodeCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ActorNetCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("worker", "--seed", "nohost", "seed node 'nohost' must be host:port")]
    [InlineData("worker", "--seed", "actornet.tcp://actornet@127.0.0.1:2551", "must be an akka.tcp://actornet@host:port address")]
    [InlineData("worker", "--seed", "127.0.0.1:2551", "--cores", "0", "--cores 0 must be at least 1")]
    [InlineData("seed", "--port", "70000", "--port 70000 is not in 0..65535")]
    [InlineData("status", "--seed", "127.0.0.1:1", "--timeout", "0", "--timeout 0 must be a positive")]
    [InlineData("seed", "--set", "actornet.remote.hostname=10.255.255.1", "is not a loopback address, and no credentials are set")]
    [InlineData("seed", "--set", "actornet.loglevel=Chatty", "'actornet.loglevel' = 'Chatty' is not one of")]
    [InlineData("submit", "--master", "local[1]", "/nonexistent/App.dll", "application assembly '/nonexistent/App.dll' does not exist")]
    public void Bad_node_arguments_fail_with_one_line(params string[] argsAndMessage)
    {
        var (code, output, error) = Run(argsAndMessage[..^1]);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("actornet: ", error);
        Assert.Contains(argsAndMessage[^1], error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_worker_needs_a_seed()
    {
        var (code, _, error) = Run("worker", "--port", "0");
        Assert.Equal(1, code);
        Assert.Contains("a worker needs --seed host:port", error);
    }

    [Fact]
    public void A_taken_port_is_one_line_naming_it()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, output, error) = Run("seed", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith($"actornet: cannot listen on 127.0.0.1:{port}", error);
    }

    [Fact]
    public void The_overlay_sets_port_role_seeds_and_cores_and_rewrites_lists_whole()
    {
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:cluster:roles:0"] = "server",
            ["actornet:cluster:seed-nodes:0"] = "a:1",
            ["actornet:cluster:seed-nodes:1"] = "b:2",
        }).Build();
        var options = new NodeHostOptions { Role = NodeHost.WorkerRole, Port = 0, Seeds = ["127.0.0.1:2551"], Cores = 3 };
        var config = NodeHostConfiguration.Apply(configured, options);
        Assert.Equal("0", config["actornet:remote:port"]);
        Assert.Equal(["server", "worker"], AkkaConfigBuilder.List(config, "actornet:cluster:roles"));
        Assert.Equal(["127.0.0.1:2551"], AkkaConfigBuilder.List(config, "actornet:cluster:seed-nodes"));
        Assert.Equal("3", config["actornet:rdd:cores"]);
        Assert.Equal(3, NodeHostConfiguration.Cores(config));
    }

    [Fact]
    public void A_worker_takes_its_seeds_from_the_configuration_when_no_seed_is_given()
    {
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:cluster:seed-nodes:0"] = "seed-0.actornet:2551",
        }).Build();
        var config = NodeHostConfiguration.Apply(configured, new NodeHostOptions { Role = NodeHost.WorkerRole });
        Assert.Equal(["seed-0.actornet:2551"], AkkaConfigBuilder.List(config, "actornet:cluster:seed-nodes"));
        Assert.Equal(["worker"], AkkaConfigBuilder.List(config, "actornet:cluster:roles"));
    }

    [Fact]
    public void A_seed_waits_longer_than_akkas_default_for_a_running_member_before_forming_a_cluster_alone()
    {
        var none = new ConfigurationBuilder().Build();
        var seeds = new[] { "127.0.0.1:2551", "127.0.0.1:2552" };
        var seed = NodeHostConfiguration.Apply(none, new NodeHostOptions { Role = NodeHost.SeedRole, Seeds = seeds });
        Assert.Equal("30s", AkkaConfigBuilder.Build(seed).GetString("akka.cluster.seed-node-timeout"));

        // A worker's join attempts keep Akka's interval, and a setting of the user's wins on a seed.
        var worker = NodeHostConfiguration.Apply(none, new NodeHostOptions { Role = NodeHost.WorkerRole, Seeds = seeds });
        Assert.Null(worker["akka:cluster:seed-node-timeout"]);
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["akka:cluster:seed-node-timeout"] = "12s",
        }).Build();
        var ownSetting = NodeHostConfiguration.Apply(configured, new NodeHostOptions { Role = NodeHost.SeedRole, Seeds = seeds });
        Assert.Equal("12s", AkkaConfigBuilder.Build(ownSetting).GetString("akka.cluster.seed-node-timeout"));
    }

    [Fact]
    public async Task A_seed_prints_its_akka_address_answers_status_and_stops_with_zero_when_cancelled()
    {
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();
        var configuration = ActorNet.Configuration.LayeredConfiguration.Build(null, ["actornet.loglevel=Warning"], environment: new System.Collections.Hashtable());
        var run = NodeHost.RunAsync(configuration, new NodeHostOptions { Role = NodeHost.SeedRole, Port = 0 }, output, stop.Token);
        var line = await output.FirstLine.WaitAsync(Patience);
        Assert.Matches(@"^listening on akka\.tcp://actornet@127\.0\.0\.1:\d+$", line);
        var address = line["listening on ".Length..];

        // Up once it has joined itself: ask until it says so (bounded).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var reply = await ClusterStatus.QueryAsync(configuration, address, TimeSpan.FromSeconds(10));
        while (reply.Members.All(m => m.Status != "Up") && waited.Elapsed < Patience)
        {
            await Task.Delay(200);
            reply = await ClusterStatus.QueryAsync(configuration, address, TimeSpan.FromSeconds(10));
        }
        var member = Assert.Single(reply.Members);
        Assert.Equal((address, "Up", true), (member.Address, member.Status, member.Reachable));
        Assert.Equal(["seed"], member.Roles);
        Assert.Equal(address, reply.Leader);
        Assert.Equal(address, reply.Node);

        stop.Cancel();
        Assert.Equal(0, await run.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_node_whose_lifeline_ends_stops_with_zero()
    {
        var output = new LineWriter();
        var configuration = ActorNet.Configuration.LayeredConfiguration.Build(null, ["actornet.loglevel=Warning"], environment: new System.Collections.Hashtable());
        // An empty lifeline: its holder is already gone, so the node stops right after it has started.
        var run = NodeHost.RunAsync(configuration, new NodeHostOptions { Role = NodeHost.SeedRole, Port = 0, Lifeline = new StringReader("") }, output);
        Assert.Equal(0, await run.WaitAsync(Patience));
        Assert.StartsWith("listening on akka.tcp://actornet@127.0.0.1:", await output.FirstLine);
    }

    private static IReadOnlyList<MemberInfo> TwoMembers() =>
    [
        new("akka.tcp://actornet@127.0.0.1:2551", ["seed"], "Up", Reachable: true),
        new("akka.tcp://actornet@127.0.0.1:2552", ["worker"], "Up", Reachable: false),
    ];

    [Fact]
    public void Status_json_lists_address_roles_status_and_reachability()
    {
        using var json = JsonDocument.Parse(StatusCommand.Json(TwoMembers()));
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("akka.tcp://actornet@127.0.0.1:2551", rows[0].GetProperty("address").GetString());
        Assert.Equal(["seed"], rows[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Up", rows[0].GetProperty("status").GetString());
        Assert.True(rows[0].GetProperty("reachable").GetBoolean());
        Assert.False(rows[1].GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public void Status_table_has_a_header_a_row_per_member_and_marks_the_leader()
    {
        var reply = new ClusterStatusReply("akka.tcp://actornet@127.0.0.1:2551", [.. TwoMembers()], "akka.tcp://actornet@127.0.0.1:2551");
        var lines = StatusCommand.Table(reply).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ADDRESS\s+ROLES\s+STATUS\s+REACHABLE$", lines[0]);
        Assert.Matches(@"^akka\.tcp://actornet@127\.0\.0\.1:2551 \(leader\)\s+seed\s+Up\s+yes$", lines[1]);
        Assert.Matches(@"^akka\.tcp://actornet@127\.0\.0\.1:2552\s+worker\s+Up\s+no$", lines[2]);
    }

    /// <summary>A writer that hands out the first line written to it.</summary>
    private sealed class LineWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstLine => _first.Task;

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            var text = ToString();
            if (text.Contains('\n')) _first.TrySetResult(text[..text.IndexOf('\n')].TrimEnd('\r'));
            return Task.CompletedTask;
        }
    }
}
