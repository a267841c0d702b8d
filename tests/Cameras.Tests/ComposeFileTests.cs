using System.Reflection;
using Cameras.Evidence;
using Cameras.Ingest;
using Cameras.TestSupport;
using Cameras.Transcode;
using YamlDotNet.RepresentationModel;

namespace Cameras.Tests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked against what the app reads: each node's command is a
/// real `cameras serve` with known roles, every Cameras__* variable names a real setting, and the deployment has
/// what the design asks for (several nodes per role, S3 with Object Lock, a proxy that streams bodies, health checks).
/// </summary>
public sealed class ComposeFileTests
{
    // The settings sections the app binds, and the type each binds to.
    private static readonly (string Section, Type Type)[] Sections =
    [
        ("", typeof(EvidenceOptions)),
        ("Transcode", typeof(TranscodeOptions)),
        ("Ingest", typeof(IngestOptions)),
        ("Live", typeof(Cameras.Evidence.Live.LiveOptions)),
        ("Live", typeof(Cameras.Ingest.Gateway.GatewayOptions)), // RTMP and SRT ports sit beside the other live settings
    ];

    private readonly YamlMappingNode _services;

    public ComposeFileTests()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(TestEnvironment.RepositoryRoot, "docker-compose.yml"));
        yaml.Load(reader);
        _services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private IEnumerable<(string Name, YamlMappingNode Service)> CamerasServices() =>
        _services.Children.Select(c => (((YamlScalarNode)c.Key).Value!, Merged((YamlMappingNode)c.Value)))
            .Where(s => s.Item2.Children.ContainsKey("command") && Command(s.Item2).FirstOrDefault() == "serve");

    private static List<string> Command(YamlMappingNode service) =>
        ((YamlSequenceNode)service["command"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Merged((YamlMappingNode)service["environment"]).Children
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "");

    /// <summary>Applies YAML merge keys (<c>&lt;&lt;: *anchor</c>), which compose files use for shared settings.</summary>
    private static YamlMappingNode Merged(YamlMappingNode node)
    {
        var merged = new YamlMappingNode();
        if (node.Children.TryGetValue(new YamlScalarNode("<<"), out var inherited) && inherited is YamlMappingNode parent)
            foreach (var (key, value) in Merged(parent).Children) merged.Children[key] = value;
        foreach (var (key, value) in node.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
            merged.Children[key] = value;
        return merged;
    }

    [Fact]
    public void Every_node_runs_cameras_serve_with_known_roles_and_all_roles_are_covered()
    {
        var covered = new HashSet<string>();
        foreach (var (name, service) in CamerasServices())
        {
            var command = Command(service);
            var roles = command[command.IndexOf("--roles") + 1];
            var parsed = ServerRoles.Parse(roles); // throws on an unknown role
            covered.UnionWith(roles.Split(','));
            Assert.True(service.Children.ContainsKey("healthcheck"), $"{name} has no health check");
            Assert.NotNull(parsed);
        }
        Assert.Equal(ServerRoles.Names.Order(), covered.Order());
        Assert.True(CamerasServices().Count(s => Command(s.Service).Contains("ingest")) >= 2, "two ingest nodes");
        Assert.True(CamerasServices().Count(s => Command(s.Service).Contains("worker")) >= 2, "two workers");
    }

    [Fact]
    public void Every_Cameras_variable_is_a_setting_the_app_reads()
    {
        foreach (var (name, service) in CamerasServices())
        foreach (var (key, _) in Environment(service).Where(e => e.Key.StartsWith("Cameras__", StringComparison.Ordinal)))
            Assert.True(IsKnownSetting(key["Cameras__".Length..].Split("__")), $"{name}: {key} is not a setting of the app");
    }

    [Fact]
    public void Nodes_share_one_database_one_bucket_with_Object_Lock_and_the_instance_keys_and_have_distinct_names()
    {
        var services = CamerasServices().ToList();
        var environments = services.Select(s => Environment(s.Service)).ToList();
        Assert.Single(environments.Select(e => e["Cameras__Postgres"]).Distinct());
        Assert.All(environments, e => Assert.Equal("S3", e["Cameras__Storage__Kind"]));
        Assert.All(environments, e => Assert.Equal("true", e["Cameras__Storage__S3__ObjectLock"]));
        Assert.All(environments, e => Assert.Equal("/keys", e["Cameras__Keys"]));
        Assert.Equal(services.Count, environments.Select(e => e["Cameras__Node"]).Distinct().Count());
        var init = (YamlSequenceNode)((YamlMappingNode)_services["minio-init"])["entrypoint"];
        Assert.Contains("--with-lock", string.Join(' ', init.Children.Select(c => ((YamlScalarNode)c).Value)));
    }

    [Fact]
    public void The_proxy_streams_request_bodies_to_the_ingest_nodes()
    {
        var config = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "nginx.conf"));
        Assert.Contains("proxy_request_buffering off;", config);
        Assert.Contains("client_max_body_size 0;", config);
        Assert.Contains("server ingest-1:8080", config);
        Assert.Contains("server ingest-2:8080", config);
    }

    [Fact]
    public void Ingest_nodes_share_one_staging_folder_so_an_upload_can_move_between_them()
    {
        var ingest = CamerasServices().Where(s => Command(s.Service).Contains("ingest")).ToList();
        Assert.True(ingest.Count >= 2);
        Assert.All(ingest, s => Assert.Contains("staging:/staging",
            ((YamlSequenceNode)s.Service["volumes"]).Children.Select(v => ((YamlScalarNode)v).Value)));
        Assert.All(ingest, s => Assert.Equal("/staging", Environment(s.Service)["Cameras__Ingest__StagingPath"]));
    }

    [Fact]
    public void Live_pushes_of_one_feed_reach_one_ingest_node_which_others_can_reach()
    {
        var config = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "nginx.conf"));
        Assert.Matches(@"upstream live \{ hash \$live_feed consistent;", config);
        Assert.Contains("location /live/ { proxy_pass http://live; }", config);
        foreach (var (name, service) in CamerasServices().Where(s => Command(s.Service).Contains("ingest")))
            Assert.Equal($"http://{name}:8080", Environment(service)["Cameras__Live__AdvertisedUrl"]);
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_with_ffmpeg()
    {
        var dockerfile = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "Dockerfile"));
        Assert.Contains("AS build", dockerfile);
        Assert.Contains("ffmpeg", dockerfile);
        Assert.Matches(@"(?m)^USER (?!root)\w+", dockerfile);
    }

    private static bool IsKnownSetting(string[] path)
    {
        foreach (var (section, type) in Sections)
        {
            var prefix = section.Length == 0 ? [] : section.Split(':');
            if (path.Length <= prefix.Length || !path.Take(prefix.Length).SequenceEqual(prefix)) continue;
            if (Resolves(type, path[prefix.Length..])) return true;
        }
        return false;
    }

    private static bool Resolves(Type type, string[] path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance);
        if (property is null || property.SetMethod is null) return false;
        return path.Length == 1 || Resolves(property.PropertyType, path[1..]);
    }
}
