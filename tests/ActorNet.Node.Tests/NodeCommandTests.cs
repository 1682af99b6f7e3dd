using System.CommandLine;
using System.Text.Json;
using ActorNet.Actors;
using ActorNet.Node.Commands;
using ActorNet.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Node.Tests;

public sealed class NodeCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ActorNetCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("worker", "--seed", "nohost", "must be host:port")]
    [InlineData("worker", "--seed", "127.0.0.1:2551", "--cores", "0", "--cores 0 must be at least 1")]
    [InlineData("seed", "--port", "70000", "--port 70000 is not in 0..65535")]
    [InlineData("status", "--seed", "127.0.0.1:1", "--timeout", "0", "--timeout 0 must be a positive")]
    [InlineData("seed", "--set", "actornet.remote.hostname=10.255.255.1", "requires actornet:remote:secret")]
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
        Assert.NotEqual(0, code);
        Assert.Contains("--seed", error);
    }

    [Fact]
    public void Seed_addresses_come_as_host_port_or_full_addresses()
    {
        Assert.Equal(Address.Tcp("actornet", "127.0.0.1", 2551), SeedAddress.Parse("127.0.0.1:2551"));
        Assert.Equal(Address.Tcp("other", "10.0.0.1", 3000), SeedAddress.Parse("actornet.tcp://other@10.0.0.1:3000"));
        Assert.Throws<ArgumentException>(() => SeedAddress.Parse("actornet://local"));
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
        var options = new NodeOptions(ClusterRoles.Worker, 0, [Address.Tcp("actornet", "127.0.0.1", 2551)], 3);
        var config = NodeConfigurationOverlay.Apply(configured, options);
        Assert.Equal("0", config["actornet:remote:port"]);
        Assert.Equal(["server", "worker"], NodeConfigurationOverlay.List(config, "actornet:cluster:roles"));
        Assert.Equal(["actornet.tcp://actornet@127.0.0.1:2551"], NodeConfigurationOverlay.List(config, "actornet:cluster:seed-nodes"));
        Assert.Equal("3", config["actornet:rdd:cores"]);
    }

    private static IReadOnlyList<StatusCommand.Row> TwoMembers() =>
    [
        new("actornet.tcp://actornet@127.0.0.1:2551", ["seed"], "Up", Reachable: true, Leader: true),
        new("actornet.tcp://actornet@127.0.0.1:2552", ["worker"], "Up", Reachable: false, Leader: false),
    ];

    [Fact]
    public void Status_json_lists_address_roles_status_and_reachability()
    {
        using var json = JsonDocument.Parse(StatusCommand.Json(TwoMembers()));
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("actornet.tcp://actornet@127.0.0.1:2551", rows[0].GetProperty("address").GetString());
        Assert.Equal(["seed"], rows[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Up", rows[0].GetProperty("status").GetString());
        Assert.True(rows[0].GetProperty("reachable").GetBoolean());
        Assert.False(rows[1].GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public void Status_table_has_a_header_a_row_per_member_and_marks_the_leader()
    {
        var lines = StatusCommand.Table(TwoMembers()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ADDRESS\s+ROLES\s+STATUS\s+REACHABLE$", lines[0]);
        Assert.Matches(@"^actornet\.tcp://actornet@127\.0\.0\.1:2551 \(leader\)\s+seed\s+Up\s+yes$", lines[1]);
        Assert.Matches(@"^actornet\.tcp://actornet@127\.0\.0\.1:2552\s+worker\s+Up\s+no$", lines[2]);
    }
}
