namespace Cameras.Evidence.Exports;

/// <summary>VERIFY.txt: how to check the package with standard tools, in French then English.</summary>
internal static class VerifyText
{
    public static string For(ExportManifest manifest) => $"""
        SCELLÉ D'EXPORT / SEALED EXPORT
        Procédure / Procedure: {manifest.Procedure}
        Export: {manifest.ExportId}
        Émis le / Issued: {manifest.IssuedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}

        === Français ===
        Ce paquet contient les enregistrements originaux (media/), bit pour bit, éventuellement des copies de
        lecture (playback/), le manifeste signé (manifest.json, manifest.json.p7s) et les empreintes (SHA256SUMS).
        Vérifier sans notre logiciel, depuis le dossier décompressé :

          1. Empreintes de chaque fichier :
             sha256sum -c SHA256SUMS
          2. Signature du manifeste par l'autorité (authority.pem publié par le service : GET /api/authority.pem ;
             comparez-le à la copie jointe) :
             openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json -CAfile authority.pem -out /dev/null
          3. Tout, y compris les preuves d'inclusion de chaque événement de la chaîne de garde dans le registre
             signé (point de contrôle et clé publique dans manifest.json) :
             cameras verify EXPORT.zip --ca authority.pem

        Chaque commande doit réussir (code de sortie 0). Un seul échec signifie que le paquet a été modifié.

        === English ===
        This package holds the original recordings (media/), bit for bit, optional playback copies (playback/),
        the signed manifest (manifest.json, manifest.json.p7s) and the hashes (SHA256SUMS).
        Check it without our software, from the unzipped folder:

          1. Every file's hash:
             sha256sum -c SHA256SUMS
          2. The manifest's signature by the authority (authority.pem as the service publishes it: GET /api/authority.pem;
             compare it with the enclosed copy):
             openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json -CAfile authority.pem -out /dev/null
          3. Everything, including the inclusion proof of each custody event in the signed ledger (checkpoint and
             public key in manifest.json):
             cameras verify EXPORT.zip --ca authority.pem

        Every command must succeed (exit code 0). A single failure means the package was changed.

        """.Replace("\r\n", "\n");
}
