package dev.encodeflow.facts;

/** A fact or request names an asset that does not exist. */
public class UnknownAssetException extends RuntimeException {

    public UnknownAssetException(String assetId) {
        super("no asset with id '" + assetId + "'");
    }
}
