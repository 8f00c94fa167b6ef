package org.gridwatch.feature;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface FeatureTypes extends JpaRepository<FeatureType, String> {

    List<FeatureType> findAllByOrderBySortOrderAscKeyAsc();
}
