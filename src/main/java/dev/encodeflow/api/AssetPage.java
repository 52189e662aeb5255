package dev.encodeflow.api;

import java.util.List;

/** A page of assets, newest first; pass {@code next} as {@code after} for the following page. */
public record AssetPage(List<AssetView> items, String next) {
}
